// Package handlers answers Leadline's HTTP requests: each handler parses the request,
// validates through package models, calls the store, builds a view model and renders it.
package handlers

import (
	"context"
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/assets"
	"github.com/leadline/leadline/internal/clientip"
	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// Store is the data the handlers need; *store.Store implements it.
type Store interface {
	CreateLead(ctx context.Context, lead *models.Lead) (created bool, err error)
	Ping(ctx context.Context) error
}

// Pinger is something /readyz checks, such as the session storage.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the handlers' explicit dependencies.
type Deps struct {
	Config config.Config
	Store  Store
	// Sessions is the session storage, checked by /readyz.
	Sessions Pinger
	// Limits stores rate-limit counters; nil keeps them in process memory.
	Limits  fiber.Storage
	Assets  *assets.Manifest
	Content views.Content
	Logger  *slog.Logger
	// ClientIP finds the client's address behind trusted proxies.
	ClientIP *clientip.Resolver
}

// Handler holds the dependencies every handler method uses.
type Handler struct {
	cfg      config.Config
	store    Store
	sessions Pinger
	limits   fiber.Storage
	assets   *assets.Manifest
	content  views.Content
	log      *slog.Logger
	ips      *clientip.Resolver
	page     views.Page
}

// New builds a Handler.
func New(d Deps) *Handler {
	h := &Handler{
		cfg:      d.Config,
		store:    d.Store,
		sessions: d.Sessions,
		limits:   d.Limits,
		assets:   d.Assets,
		content:  d.Content,
		log:      d.Logger,
		ips:      d.ClientIP,
	}
	h.page = views.Page{
		Title:       d.Content.Product + " — " + d.Content.Headline,
		Description: d.Content.Tagline,
		Product:     d.Content.Product,
		Assets: views.Assets{
			CSS:     d.Assets.URL("app.css"),
			Theme:   d.Assets.URL("theme.css"),
			HTMX:    d.Assets.URL("htmx.min.js"),
			App:     d.Assets.URL("app.js"),
			Favicon: d.Assets.URL("favicon.svg"),
		},
	}
	return h
}

// pageTitled is the common page with its own title.
func (h *Handler) pageTitled(title string) views.Page {
	p := h.page
	p.Title = title + " — " + h.content.Product
	return p
}
