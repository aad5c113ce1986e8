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
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/leadline/leadline/internal/clientip"
	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/headers"
	"github.com/leadline/leadline/internal/paths"
	"github.com/valyala/fasthttp"
)

// Limits of the HTTP server.
const (
	// BodyLimit caps every request body; 413 past it.
	BodyLimit = 1 << 20
	// headerLimit caps the request line and headers; 431 past it.
	headerLimit = 8 << 10
	// ReadTimeout cuts off a client that sends its request too slowly (slowloris).
	// Options.ReadTimeout overrides it, for tests.
	ReadTimeout  = 10 * time.Second
	WriteTimeout = 30 * time.Second
	// IdleTimeout closes idle keep-alive connections, which shutdown does not wait for.
	IdleTimeout = 60 * time.Second
	// requestTimeout bounds the work of one request, database queries included.
	requestTimeout = 15 * time.Second
)

// Site is what the server serves: the routes, and the one error path every failure
// goes through.
type Site interface {
	Routes(app *fiber.App)
	ErrorHandler(c *fiber.Ctx, err error) error
}

// Options tune the server beyond the settings.
type Options struct {
	// ReadTimeout replaces ReadTimeout when not zero; tests shorten it.
	ReadTimeout time.Duration
	// Observe, when set, sees every request and its final status (the metrics).
	Observe fiber.Handler
}

// New builds the application: settings, middleware and the site's routes.
func New(cfg config.Config, site Site, sec *headers.Security, ips *clientip.Resolver, log *slog.Logger, opts Options) *fiber.App {
	app := newApp(cfg, site.ErrorHandler, sec, ips, log, opts)
	site.Routes(app)
	refuseUnknownMethods(app, site.ErrorHandler)
	return app
}

// newApp is the application with its settings and middleware, before any route.
func newApp(cfg config.Config, errorHandler fiber.ErrorHandler, sec *headers.Security, ips *clientip.Resolver, log *slog.Logger, opts Options) *fiber.App {
	readTimeout := ReadTimeout
	if opts.ReadTimeout > 0 {
		readTimeout = opts.ReadTimeout
	}
	app := fiber.New(fiber.Config{
		AppName: "leadline",
		// Request strings stay valid after the handler returns (see PITFALLS.md).
		Immutable:             true,
		BodyLimit:             BodyLimit,
		ReadBufferSize:        headerLimit,
		ReadTimeout:           readTimeout,
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
	if opts.Observe != nil {
		// Before accessLog, which turns errors into the responses clients get.
		app.Use(opts.Observe)
	}
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
	app.Use(sec.Handler())
	// Not the live stream: a compressor holds events back until its buffer fills. Not
	// the CSV export: the compressor re-streams a body through a writer that cannot fail,
	// so an export broken off midway would end cleanly, a truncated file passing for a
	// whole one.
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed, Next: func(c *fiber.Ctx) bool {
		return c.Path() == paths.Live || c.Path() == paths.LeadsCSV
	}}))
	// ETags for the pages that can repeat themselves. Not for assets (their ETag is
	// computed once, in the manifest), the landing page (each render carries a new form
	// key, so its ETag could never match: hashing it is pure cost), nor staff pages
	// (no-store, and a CSV export is streamed: an ETag would read it all into memory),
	// nor the API (no-store as well: its answers are private to the token).
	app.Use(etag.New(etag.Config{Next: func(c *fiber.Ctx) bool {
		p := c.Path()
		return c.Method() != fiber.MethodGet || p == "/" || strings.HasPrefix(p, "/assets/") || strings.HasPrefix(p, "/app") ||
			strings.HasPrefix(p, "/api")
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

// refuseUnknownMethods answers a request whose method Fiber does not know through the
// site's error path (400, the site's page, every security header). Fiber itself answers
// such a request before any middleware, with a bare "Invalid http method".
func refuseUnknownMethods(app *fiber.App, errorHandler fiber.ErrorHandler) {
	known := make(map[string]bool, len(app.Config().RequestMethods))
	for _, m := range app.Config().RequestMethods {
		known[m] = true
	}
	next := app.Server().Handler
	app.Server().Handler = func(fctx *fasthttp.RequestCtx) {
		if known[string(fctx.Method())] {
			next(fctx)
			return
		}
		c := app.AcquireCtx(fctx)
		defer app.ReleaseCtx(c)
		if err := errorHandler(c, fiber.NewError(fiber.StatusBadRequest, "unknown method")); err != nil {
			_ = c.SendStatus(fiber.StatusBadRequest)
		}
	}
}
