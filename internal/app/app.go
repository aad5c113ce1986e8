// Package app wires Leadline together: database, storages, assets, handlers and the
// Fiber application. The serve command and the tests build the site the same way.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/assets"
	"github.com/leadline/leadline/handlers"
	"github.com/leadline/leadline/internal/clientip"
	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/server"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/views"
)

// App is the assembled site.
type App struct {
	Fiber *fiber.App
	Store *store.Store
	KV    *kv.KV
}

// New opens the database and storages and builds the application.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	content := views.DefaultContent()
	theme, err := views.ThemeCSS(content.Brand)
	if err != nil {
		return nil, fmt.Errorf("content: brand colour: %w", err)
	}
	manifest, err := assets.New(map[string][]byte{"theme.css": []byte(theme)})
	if err != nil {
		return nil, err
	}
	ips, err := clientip.New(cfg.TrustedProxies)
	if err != nil {
		return nil, fmt.Errorf("LEADLINE_TRUSTED_PROXIES: %w", err)
	}

	st, err := store.Open(ctx, store.Options{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath(), Logger: log})
	if err != nil {
		return nil, err
	}
	kvs, err := kv.Open(ctx, kv.Options{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		st.Close()
		return nil, err
	}

	h := handlers.New(handlers.Deps{
		Config:   cfg,
		Store:    st,
		Sessions: kvs,
		Limits:   kvs.Limits,
		Assets:   manifest,
		Content:  content,
		Logger:   log,
		ClientIP: ips,
	})
	return &App{Fiber: server.New(cfg, h, ips, log), Store: st, KV: kvs}, nil
}

// Close releases the storages and the database, after the server has stopped.
func (a *App) Close() error {
	return errors.Join(a.KV.Close(), a.Store.Close())
}
