// Package app wires Leadline together: database, storages, assets, handlers and the
// Fiber application. The serve command and the tests build the site the same way.
package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/assets"
	"github.com/leadline/leadline/handlers"
	"github.com/leadline/leadline/internal/clientip"
	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/headers"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/live"
	"github.com/leadline/leadline/internal/mail"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/password"
	"github.com/leadline/leadline/internal/server"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/webhook"
	"github.com/leadline/leadline/views"
)

// App is the assembled site.
type App struct {
	Fiber *fiber.App
	Store *store.Store
	KV    *kv.KV
	// Metrics is the site's registry; the serve command exposes it on LEADLINE_METRICS_ADDR.
	Metrics *metrics.Metrics
	// Jobs is the background work (River): Start it after New, Stop it after the HTTP
	// server has stopped.
	Jobs *jobs.Engine
	// Live is the live updates; its hub closes (ending every stream) when the server
	// starts shutting down, so that open streams do not hold the shutdown up.
	Live *live.Live
}

// Options tune what the settings do not cover.
type Options struct {
	// BcryptCost is bcrypt's work factor; 0 means password.DefaultCost. Tests lower it.
	BcryptCost int
	// ReadTimeout replaces the server's read timeout when not zero; tests shorten it.
	ReadTimeout time.Duration
	// Clock tells the time to sessions, rate limits and pages; nil is the real clock.
	// Tests move a fake one instead of sleeping.
	Clock clockwork.Clock
	// LoginDelay is the pause after a failed sign-in: 0 means handlers.DefaultLoginDelay,
	// a negative value none (tests, whose clock is fake).
	LoginDelay time.Duration
	// Jobs shortens River's waits; tests set it.
	Jobs jobs.Tuning
}

// New opens the database and storages and builds the application. When it fails after
// opening any of them, it closes what it opened, newest first, and returns the error.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, opts Options) (_ *App, err error) {
	var opened closers
	defer opened.closeOnError(&err)

	content, manifest, ips, err := frontOfHouse(cfg)
	if err != nil {
		return nil, err
	}
	sec := headers.New(cfg.Secure())

	st, kvs, engine, err := backOfHouse(ctx, cfg, content.Product, log, opts, &opened)
	if err != nil {
		return nil, err
	}
	lv, err := newLive(ctx, cfg, st, log)
	if err != nil {
		return nil, err
	}
	opened = append(opened, lv)
	hasher, err := password.New(cmp.Or(opts.BcryptCost, password.DefaultCost))
	if err != nil {
		return nil, err
	}
	reg, err := newMetrics(st, kvs, engine, lv.Hub)
	if err != nil {
		return nil, err
	}
	setupToken, err := firstRunToken(ctx, st, cfg, log)
	if err != nil {
		return nil, err
	}

	h, err := handlers.New(handlers.Deps{
		Config:         cfg,
		Store:          st,
		Sessions:       sessions(cfg, sessionIDs{kvs.Sessions}),
		SessionStorage: kvs,
		Counter:        kvs.Counter,
		Clock:          opts.Clock,
		LoginDelay:     opts.LoginDelay,
		Passwords:      hasher,
		Assets:         manifest,
		Content:        content,
		Logger:         log,
		ClientIP:       ips,
		SetupToken:     setupToken,
		Security:       sec,
		Metrics:        reg,
		Mail:           engine,
		Webhooks:       engine,
		Live:           lv.Hub,
	})
	if err != nil {
		return nil, err
	}
	srv := server.New(cfg, h, sec, ips, log, server.Options{ReadTimeout: opts.ReadTimeout, Observe: reg.Middleware()})
	return &App{Fiber: srv, Store: st, KV: kvs, Metrics: reg, Jobs: engine, Live: lv}, nil
}

// closers are what New has opened so far, oldest first.
type closers []io.Closer

// closeOnError closes them, newest first, when *err is set: the storages may use the
// database's pool, so they close before it.
// (A pointer receiver, so that a deferred call sees what was opened after the defer.)
func (cs *closers) closeOnError(err *error) {
	if *err == nil {
		return
	}
	for i := len(*cs) - 1; i >= 0; i-- {
		if cerr := (*cs)[i].Close(); cerr != nil {
			*err = errors.Join(*err, cerr)
		}
	}
}

// backOfHouse opens what needs the database: the store, the session and counter
// storages, and the job engine. Each is added to opened as soon as it is, so that New
// closes it when a later step fails.
func backOfHouse(ctx context.Context, cfg config.Config, product string, log *slog.Logger, opts Options, opened *closers) (*store.Store, *kv.KV, *jobs.Engine, error) {
	st, err := store.Open(ctx, store.Options{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath(), Logger: log, Clock: opts.Clock})
	if err != nil {
		return nil, nil, nil, err
	}
	*opened = append(*opened, st)
	kvs, err := kv.Open(ctx, kv.Options{DatabaseURL: cfg.DatabaseURL, SQLite: st.SQLDB(), Clock: opts.Clock})
	if err != nil {
		return nil, nil, nil, err
	}
	*opened = append(*opened, kvs)
	engine, err := newJobs(ctx, cfg, st, product, log, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	*opened = append(*opened, engine)
	return st, kvs, engine, nil
}

// newJobs builds the background work. The store's changes queue their emails (with
// mail on) and webhook deliveries in their own transactions through the engine's hook.
func newJobs(ctx context.Context, cfg config.Config, st *store.Store, product string, log *slog.Logger, opts Options) (*jobs.Engine, error) {
	o := jobs.Options{
		Dialect: st.Dialect(), DB: st.SQLDB(), SQLitePath: cfg.SQLitePath(), Store: st,
		NotifyTo: cfg.NotifyTo, BaseURL: cfg.BaseURL, Product: product, Location: cfg.Location,
		Retention: cfg.Retention, Logger: log, Clock: opts.Clock, Tuning: opts.Jobs,
		WebhookGuard: webhook.Guard{AllowPrivate: cfg.WebhookAllowPrivate},
	}
	if cfg.Mail() {
		sender, err := mail.New(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return nil, fmt.Errorf("LEADLINE_SMTP_URL: %w", err)
		}
		o.Mailer = sender
	}
	engine, err := jobs.New(ctx, o)
	if err != nil {
		return nil, err
	}
	st.AddOnChange(engine.OnChange, engine.Wants)
	return engine, nil
}

// frontOfHouse builds what needs no database: the site's content, the assets with the
// theme made from its brand colour, and the resolver of client addresses.
func frontOfHouse(cfg config.Config) (views.Content, *assets.Manifest, *clientip.Resolver, error) {
	content := views.DefaultContent()
	theme, err := views.ThemeCSS(content.Brand)
	if err != nil {
		return content, nil, nil, fmt.Errorf("content: brand colour: %w", err)
	}
	manifest, err := assets.New(map[string][]byte{"theme.css": []byte(theme)})
	if err != nil {
		return content, nil, nil, err
	}
	ips, err := clientip.New(cfg.TrustedProxies)
	if err != nil {
		return content, nil, nil, fmt.Errorf("LEADLINE_TRUSTED_PROXIES: %w", err)
	}
	return content, manifest, ips, nil
}

// sessions configures Fiber's session middleware: an anonymous cookie name (with the
// __Host- prefix over HTTPS, which pins it to this host and path /), HttpOnly,
// SameSite=Lax, Secure over HTTPS, 256-bit random ids, and the idle timeout as the
// sliding expiry. The absolute timeout is enforced by the handlers.
func sessions(cfg config.Config, storage fiber.Storage) *session.Store {
	name := "id"
	if cfg.Secure() {
		name = "__Host-id"
	}
	return session.New(session.Config{
		Storage:        storage,
		Expiration:     cfg.SessionIdle,
		KeyLookup:      "cookie:" + name,
		CookiePath:     "/",
		CookieSecure:   cfg.Secure(),
		CookieHTTPOnly: true,
		CookieSameSite: "Lax",
		KeyGenerator:   sessionID,
	})
}

// sessionIDBytes is the randomness of a session id: 256 bits.
const sessionIDBytes = 32

// sessionID is 32 random bytes, base64url: 43 characters, within the storage's 64.
func sessionID() string {
	b := make([]byte, sessionIDBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// sessionIDs is the session storage behind a check of the id's shape: a cookie that
// is not one of our ids (wrong length, a NUL or a byte that is not UTF-8) is no
// session, rather than a key sent to the database, which refuses such bytes with an
// error that would answer 5xx.
type sessionIDs struct{ fiber.Storage }

func validSessionID(id string) bool {
	if len(id) != base64.RawURLEncoding.EncodedLen(sessionIDBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(id)
	return err == nil
}

func (s sessionIDs) Get(id string) ([]byte, error) {
	if !validSessionID(id) {
		return nil, nil
	}
	return s.Storage.Get(id)
}

func (s sessionIDs) Set(id string, v []byte, exp time.Duration) error {
	if !validSessionID(id) {
		return nil
	}
	return s.Storage.Set(id, v, exp)
}

func (s sessionIDs) Delete(id string) error {
	if !validSessionID(id) {
		return nil
	}
	return s.Storage.Delete(id)
}

// firstRunToken returns a one-time setup token and logs its link when there is no user
// yet, else "".
func firstRunToken(ctx context.Context, st *store.Store, cfg config.Config, log *slog.Logger) (string, error) {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	token := sessionID()
	log.Warn("no user yet: open this link to create the first admin (it works once)",
		"setup_url", cfg.BaseURL.String()+"/setup?token="+token)
	return token, nil
}

// Close releases the jobs' pool, the storages and the database, after the server and
// the jobs have stopped.
func (a *App) Close() error {
	return errors.Join(a.Live.Close(), a.Jobs.Close(), a.KV.Close(), a.Store.Close())
}
