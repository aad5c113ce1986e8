// Package server builds the Fiber application with its middleware and runs it over HTTP,
// HTTPS from certificate files, or HTTPS with certificates from ACME, until a signal.
package server

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/leadline/leadline/handlers"
	"github.com/leadline/leadline/internal/clientip"
	"github.com/leadline/leadline/internal/config"
)

// Limits of the HTTP server.
const (
	// BodyLimit caps every request body; 413 past it.
	BodyLimit = 1 << 20
	// headerLimit caps the request line and headers; 431 past it.
	headerLimit = 8 << 10
	// ReadTimeout cuts off a client that sends its request too slowly (slowloris).
	ReadTimeout  = 10 * time.Second
	WriteTimeout = 30 * time.Second
	// IdleTimeout closes idle keep-alive connections, which shutdown does not wait for.
	IdleTimeout = 60 * time.Second
	// requestTimeout bounds the work of one request, database queries included.
	requestTimeout = 15 * time.Second
)

// New builds the application: settings, middleware and the handlers' routes.
func New(cfg config.Config, h *handlers.Handler, ips *clientip.Resolver, log *slog.Logger) *fiber.App {
	app := newApp(cfg, h.ErrorHandler, ips, log)
	h.Routes(app)
	return app
}

// newApp is the application with its settings and middleware, before any route.
func newApp(cfg config.Config, errorHandler fiber.ErrorHandler, ips *clientip.Resolver, log *slog.Logger) *fiber.App {
	app := fiber.New(fiber.Config{
		AppName: "leadline",
		// Request strings stay valid after the handler returns (see PITFALLS.md).
		Immutable:             true,
		BodyLimit:             BodyLimit,
		ReadBufferSize:        headerLimit,
		ReadTimeout:           ReadTimeout,
		WriteTimeout:          WriteTimeout,
		IdleTimeout:           IdleTimeout,
		DisableStartupMessage: true,
		ErrorHandler:          errorHandler,
		// X-Forwarded-Proto is believed only from these proxies. The client's address is
		// found by package clientip, not c.IP(), which would believe the client.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.TrustedProxies,
	})

	app.Use(requestid.New())
	app.Use(accessLog(log, ips))
	app.Use(recover.New(recover.Config{
		EnableStackTrace: true,
		StackTraceHandler: func(c *fiber.Ctx, e any) {
			log.Error("panic", "request_id", c.Locals("requestid"), "path", c.Path(), "panic", e)
		},
	}))
	app.Use(func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), requestTimeout)
		defer cancel()
		c.SetUserContext(ctx)
		return c.Next()
	})
	hsts := 0
	if cfg.Secure() {
		hsts = handlers.HSTSMaxAge
	}
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy: handlers.CSP,
		ReferrerPolicy:        handlers.ReferrerPolicy,
		XFrameOptions:         "DENY",
		HSTSMaxAge:            hsts,
		HSTSExcludeSubdomains: true,
		PermissionPolicy:      "camera=(), microphone=(), geolocation=(), payment=()",
	}))
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	// ETags for the pages that can repeat themselves. Not for assets (their ETag is
	// computed once, in the manifest), the landing page (each render carries a new form
	// key, so its ETag could never match: hashing it is pure cost), nor staff pages
	// (no-store, and a CSV export is streamed: an ETag would read it all into memory).
	app.Use(etag.New(etag.Config{Next: func(c *fiber.Ctx) bool {
		p := c.Path()
		return c.Method() != fiber.MethodGet || p == "/" || strings.HasPrefix(p, "/assets/") || strings.HasPrefix(p, "/app")
	}}))
	return app
}

// accessLog logs one line per request with its request id. Errors are turned into
// responses here (as Fiber's logger middleware does) so the line has the real status.
func accessLog(log *slog.Logger, ips *clientip.Resolver) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		if err := c.Next(); err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		log.LogAttrs(c.UserContext(), slog.LevelInfo, "request",
			slog.String("request_id", c.GetRespHeader(fiber.HeaderXRequestID)),
			slog.String("method", c.Method()),
			slog.String("path", c.Path()),
			slog.Int("status", c.Response().StatusCode()),
			slog.Duration("duration", time.Since(start)),
			slog.String("ip", ips.IP(c)),
		)
		return nil
	}
}
