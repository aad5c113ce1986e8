// Package handlers answers Leadline's HTTP requests: each handler parses the request,
// validates through package models, calls the store, builds a view model and renders it.
package handlers

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/assets"
	"github.com/leadline/leadline/internal/clientip"
	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/headers"
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/live"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/password"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/internal/webhook"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// Store is the data the handlers need; *store.Store implements it.
type Store interface {
	Ping(ctx context.Context) error

	CreateLead(ctx context.Context, lead *models.Lead) (created bool, err error)
	// CanCountLeadPosts and CreateLeadCounted store a lead and count its post against
	// the rate limit in one statement.
	CanCountLeadPosts() bool
	CreateLeadCounted(ctx context.Context, lead *models.Lead, hit models.RateHit) (created bool, count models.RateCount, err error)
	RecentLeads(ctx context.Context, limit int) ([]models.Lead, error)
	ListLeads(ctx context.Context, f models.LeadFilter, now time.Time) (models.LeadPage, error)
	EachLead(ctx context.Context, f models.LeadFilter, now time.Time, fn func(*models.Lead) error) error
	Lead(ctx context.Context, id int64) (*models.Lead, error)
	DueLeads(ctx context.Context, now time.Time, limit int) ([]models.Lead, error)
	UpdateLead(ctx context.Context, id int64, version int, actor int64, edit func(*models.Lead)) (*models.Lead, error)
	DeleteLead(ctx context.Context, id int64) error
	LeadsByID(ctx context.Context, ids []int64) ([]models.Lead, error)
	MatchingLeads(ctx context.Context, f models.LeadFilter, now time.Time, limit int) ([]models.Lead, int64, error)
	BulkUpdateLeads(ctx context.Context, items []models.BulkItem, actor int64, edit func(*models.Lead)) (models.BulkResult, error)
	BulkDeleteLeads(ctx context.Context, items []models.BulkItem) (models.BulkResult, error)
	EraseLead(ctx context.Context, id int64, e models.Erasure) error
	ExportEmail(ctx context.Context, email string) (*models.Export, error)
	AddNote(ctx context.Context, n *models.Note) error
	Notes(ctx context.Context, leadID int64) ([]models.Note, error)
	Events(ctx context.Context, leadID int64) ([]models.LeadEvent, error)
	Stats(ctx context.Context, days int, now time.Time) (models.PipelineStats, error)

	CountUsers(ctx context.Context) (int64, error)
	CreateFirstAdmin(ctx context.Context, u *models.User) (created bool, err error)
	CreateUser(ctx context.Context, u *models.User) error
	UserByID(ctx context.Context, id int64) (*models.User, error)
	UserByEmail(ctx context.Context, email string) (*models.User, error)
	Users(ctx context.Context) ([]models.User, error)
	RecordLogin(ctx context.Context, id int64, at time.Time) error
	SetPassword(ctx context.Context, id int64, hash string) (epoch int64, err error)
	SetRole(ctx context.Context, id int64, role models.Role) (epoch int64, err error)
	SetActive(ctx context.Context, id int64, active bool) (epoch int64, err error)
	SetTimeZone(ctx context.Context, id int64, zone string) error

	CreateSavedView(ctx context.Context, v *models.SavedView) error
	SavedViews(ctx context.Context, userID int64) ([]models.SavedView, error)
	OwnSavedView(ctx context.Context, userID, id int64) (*models.SavedView, error)
	RenameSavedView(ctx context.Context, userID, id int64, name string) error
	ShareSavedView(ctx context.Context, userID, id int64, shared bool) error
	DeleteSavedView(ctx context.Context, userID, id int64) error

	CreateToken(ctx context.Context, t *models.APIToken) error
	Tokens(ctx context.Context, userID int64) ([]models.APIToken, error)
	TokenByHash(ctx context.Context, hash string) (*models.APIToken, error)
	TouchToken(ctx context.Context, id int64, at, notBefore time.Time) error
	RevokeToken(ctx context.Context, userID, id int64) (*models.APIToken, error)

	CreateWebhook(ctx context.Context, w *models.Webhook) error
	Webhooks(ctx context.Context) ([]models.Webhook, error)
	Webhook(ctx context.Context, id int64) (*models.Webhook, error)
	SetWebhookActive(ctx context.Context, id int64, active bool) error
	DeleteWebhook(ctx context.Context, id int64) error
	Deliveries(ctx context.Context, webhookID int64, limit int) ([]models.WebhookDelivery, error)
	Delivery(ctx context.Context, webhookID, id int64) (*models.WebhookDelivery, error)
}

// Pinger is something /readyz checks, such as the session storage.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the handlers' explicit dependencies.
type Deps struct {
	Config config.Config
	Store  Store
	// Sessions are the staff sessions (Fiber's session middleware).
	Sessions *session.Store
	// SessionStorage is the storage behind Sessions, checked by /readyz.
	SessionStorage Pinger
	// Counter counts events for the rate limits, shared by every instance.
	Counter kv.Counter
	// Clock tells the time; tests move a fake one.
	Clock clockwork.Clock
	// LoginDelay is the pause after a failed sign-in: 0 means DefaultLoginDelay, a
	// negative value none.
	LoginDelay time.Duration
	Passwords  *password.Hasher
	Assets     *assets.Manifest
	Content    views.Content
	Logger     *slog.Logger
	// ClientIP finds the client's address behind trusted proxies.
	ClientIP *clientip.Resolver
	// SetupToken, when not empty, opens /setup?token=… to create the first admin.
	SetupToken string
	// Security sets the security headers; the error path applies them itself.
	Security *headers.Security
	// Metrics counts leads and failed sign-ins; nil counts nothing.
	Metrics *metrics.Metrics
	// Mail is the queue of emails the admins' mail page shows.
	Mail MailQueue
	// Webhooks queues the admins' test events and redeliveries.
	Webhooks WebhookQueue
	// Live is the hub of changes the live stream (GET /app/live) follows.
	Live *live.Hub
}

// Handler holds the dependencies every handler method uses.
type Handler struct {
	cfg            config.Config
	store          Store
	sessions       *session.Store
	sessionStorage Pinger
	limits         limits
	clock          clockwork.Clock
	loginDelay     time.Duration
	passwords      *password.Hasher
	assets         *assets.Manifest
	content        views.Content
	log            *slog.Logger
	ips            *clientip.Resolver
	setup          *setupToken
	sec            *headers.Security
	mail           MailQueue
	webhooks       WebhookQueue
	// hookGuard checks an endpoint's URL when an admin saves it (SSRF).
	hookGuard webhook.Guard
	page      views.Page
	landing   *landingShell
	metrics   *metrics.Metrics
	zones     *zoneCache
	live      *live.Hub
}

// New builds a Handler. It fails only if the landing page cannot be rendered.
func New(d Deps) (*Handler, error) {
	h := &Handler{
		cfg:            d.Config,
		store:          d.Store,
		sessions:       d.Sessions,
		sessionStorage: d.SessionStorage,
		limits:         newLimits(d.Counter),
		clock:          d.Clock,
		loginDelay:     d.LoginDelay,
		passwords:      d.Passwords,
		assets:         d.Assets,
		content:        d.Content,
		log:            d.Logger,
		ips:            d.ClientIP,
		setup:          &setupToken{value: d.SetupToken},
		sec:            d.Security,
		metrics:        d.Metrics,
		mail:           d.Mail,
		webhooks:       d.Webhooks,
		hookGuard:      webhook.Guard{AllowPrivate: d.Config.WebhookAllowPrivate},
		zones:          &zoneCache{},
		live:           d.Live,
	}
	if h.clock == nil {
		h.clock = clockwork.NewRealClock()
	}
	switch {
	case h.loginDelay == 0:
		h.loginDelay = DefaultLoginDelay
	case h.loginDelay < 0:
		h.loginDelay = 0
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
			SSE:     d.Assets.URL("htmx-ext-sse.min.js"),
			Live:    d.Assets.URL("live.js"),
			Keys:    d.Assets.URL("keys.js"),
		},
	}
	shell, err := newLandingShell(views.Landing{Page: h.page, Content: h.content, Form: h.leadForm(models.Submission{}, "", nil)})
	if err != nil {
		return nil, err
	}
	h.landing = shell
	return h, nil
}

// pageTitled is the common page with its own title.
func (h *Handler) pageTitled(title string) views.Page {
	p := h.page
	p.Title = title + " — " + h.content.Product
	return p
}

// appPage is what every workspace page's layout needs: the user, the navigation, the
// CSRF token and the flash message kept for this page.
func (h *Handler) appPage(c *fiber.Ctx, title, nav string) views.AppPage {
	u := currentUser(c)
	p := h.page
	p.Title = title + " — " + views.AppName
	return views.AppPage{
		Page:      p,
		Heading:   title,
		Nav:       nav,
		UserID:    u.ID,
		Stream:    h.liveStream(),
		UserName:  u.Name,
		UserEmail: u.Email,
		IsAdmin:   u.IsAdmin(),
		CSRF:      csrfToken(c),
		Flash:     takenFlash(c),
	}
}

// liveStream is the live stream for a page rendered now.
func (h *Handler) liveStream() string {
	if h.live == nil {
		return paths.Live
	}
	return paths.LiveSince(h.live.LastID())
}

// now is the time in the signed-in user's zone (see zone): what "today" and "due" are,
// the dashboard's days, and the zone every date on the page is shown in.
func (h *Handler) now(c *fiber.Ctx) time.Time {
	return h.clock.Now().In(h.zone(c))
}

// zone is the signed-in user's time zone (see zoneOf).
func (h *Handler) zone(c *fiber.Ctx) *time.Location { return h.zoneOf(currentUser(c)) }

// zoneOf is the one place a user's time zone comes from: their own (set on the account
// page), else the site's LEADLINE_TIMEZONE, else UTC. The page and the API alike.
func (h *Handler) zoneOf(u *models.User) *time.Location {
	if u != nil && u.TimeZone != "" {
		if loc, err := h.zones.load(u.TimeZone); err == nil {
			return loc
		}
	}
	if h.cfg.Location == nil {
		return time.UTC
	}
	return h.cfg.Location
}

// formatTime shows a moment in loc, or "never".
func formatTime(t *time.Time, loc *time.Location) string {
	if t == nil || t.IsZero() {
		return "never"
	}
	return timeText(*t, loc)
}
