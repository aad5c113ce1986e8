package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/config"
	"golang.org/x/crypto/acme/autocert"
)

// shutdownTimeout is how long in-flight requests get to finish after a signal.
const shutdownTimeout = 20 * time.Second

// Listen opens the listener cfg asks for: plain HTTP on LEADLINE_ADDR, HTTPS on
// LEADLINE_ADDR with certificate files, or HTTPS on :443 with ACME certificates. For
// ACME it also returns the :80 server that answers the HTTP-01 challenge and redirects
// everything else to HTTPS; it is nil otherwise.
func Listen(cfg config.Config) (net.Listener, *http.Server, error) {
	switch {
	case len(cfg.TLSDomains) > 0:
		m := &autocert.Manager{
			Prompt: autocert.AcceptTOS,
			// Without a host policy anyone could make us ask for certificates for any
			// name and burn the CA's rate limit.
			HostPolicy: autocert.HostWhitelist(cfg.TLSDomains...),
			Cache:      autocert.DirCache(filepath.Join(cfg.DataDir, "acme")),
		}
		ln, err := tls.Listen("tcp", ":443", m.TLSConfig())
		if err != nil {
			return nil, nil, fmt.Errorf("LEADLINE_TLS_DOMAINS: listen on :443: %w", err)
		}
		redirect := &http.Server{
			Addr:              ":80",
			Handler:           m.HTTPHandler(nil), // nil: redirect to https
			ReadHeaderTimeout: ReadTimeout,
			ReadTimeout:       ReadTimeout,
			WriteTimeout:      WriteTimeout,
			IdleTimeout:       IdleTimeout,
		}
		return ln, redirect, nil
	case cfg.TLSCert != "":
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, nil, fmt.Errorf("LEADLINE_TLS_CERT: %w", err)
		}
		ln, err := tls.Listen("tcp", cfg.Addr, &tls.Config{
			Certificates: []tls.Certificate{cert},
			MinVersion:   tls.VersionTLS12,
		})
		if err != nil {
			return nil, nil, fmt.Errorf("LEADLINE_ADDR: %w", err)
		}
		return ln, nil, nil
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, nil, fmt.Errorf("LEADLINE_ADDR: %w", err)
	}
	return ln, nil, nil
}

// Serve runs app on ln (and redirect, if any) until ctx is done, then stops taking new
// connections and lets in-flight requests finish. Then, when background is not nil, it
// calls it with what is left of the same shutdown timeout: background work (River's
// jobs) stops after the last request that could queue a job, and a job running then
// may finish within the timeout. It returns nil after a clean shutdown.
func Serve(ctx context.Context, app *fiber.App, ln net.Listener, redirect *http.Server, log *slog.Logger, background func(context.Context) error) error {
	errs := make(chan error, 2)
	go func() { errs <- app.Listener(ln) }()
	if redirect != nil {
		go func() {
			if err := redirect.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errs <- fmt.Errorf("LEADLINE_TLS_DOMAINS: serve :80: %w", err)
			}
		}()
	}
	log.Info("listening", "addr", ln.Addr().String())

	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down; letting requests and running jobs finish", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	var errList []error
	if redirect != nil {
		errList = append(errList, redirect.Shutdown(sctx))
	}
	if err := app.ShutdownWithContext(sctx); err != nil {
		errList = append(errList, fmt.Errorf("shutdown: %w", err))
	}
	// Listener returns once the server has stopped.
	if err := <-errs; err != nil {
		errList = append(errList, err)
	}
	if background != nil {
		if err := background(sctx); err != nil {
			errList = append(errList, fmt.Errorf("stop background jobs: %w", err))
		}
	}
	return errors.Join(errList...)
}
