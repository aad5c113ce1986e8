package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/leadline/leadline/internal/password"
	"github.com/leadline/leadline/models"
)

// Throttles.
const (
	// Lead form: posts per client address per window.
	leadPostsPerWindow = 10
	leadPostWindow     = time.Minute
	// Sign-in: failed attempts per account and per client address per window. The
	// window slides, so a locked-out account frees itself: an attacker cannot lock
	// staff out for good.
	loginFailuresPerWindow = 5
	loginFailureWindow     = 15 * time.Minute
)

// Routes lists every route of the site.
func (h *Handler) Routes(app *fiber.App) {
	app.Get("/healthz", h.Healthz)
	app.Get("/readyz", h.Readyz)
	app.Get("/assets/:name", h.Asset)
	app.Get("/favicon.ico", h.Favicon)

	// Public pages: no session is read or written for visitors.
	app.Get("/", h.Landing)
	app.Post("/leads", h.limitLeadPosts, h.CreateLead)
	app.Get("/thanks", h.Thanks)

	app.Get("/login", h.LoginPage)
	app.Post("/login", h.sameOrigin, h.loginLimiter("login-ip:", h.ips.IP), h.loginLimiter("login-account:", func(c *fiber.Ctx) string {
		return models.NormalizeEmail(c.FormValue("email"))
	}), h.Login)
	app.Get("/setup", h.SetupPage)
	app.Post("/setup", h.sameOrigin, h.Setup)

	protect := h.csrf()
	app.Post("/logout", h.requireStaff, protect, h.Logout)

	staff := app.Group("/app", h.requireStaff, protect)
	staff.Get("/", h.Dashboard)
	staff.Get("/leads", h.LeadsList)
	staff.Get("/leads.csv", h.LeadsCSV)
	staff.Get("/leads/new", h.NewLead)
	staff.Post("/leads", h.CreateLeadByHand)
	staff.Get("/leads/:id", h.ShowLead)
	staff.Get("/leads/:id/edit", h.EditLead)
	staff.Put("/leads/:id", h.UpdateLead)
	staff.Post("/leads/:id", h.UpdateLead) // the edit page without JavaScript
	staff.Delete("/leads/:id", h.DeleteLead)
	staff.Get("/leads/:id/delete", h.ConfirmDelete)
	staff.Post("/leads/:id/delete", h.DeleteLead)
	staff.Post("/leads/:id/status", h.SetStatus)
	staff.Post("/leads/:id/owner", h.SetOwner)
	staff.Post("/leads/:id/notes", h.AddNote)
	staff.Get("/account", h.Account)
	staff.Post("/account/password", h.ChangePassword)

	admin := staff.Group("/users", h.requireAdmin)
	admin.Get("/", h.Users)
	admin.Post("/", h.CreateUser)
	admin.Post("/:id/role", h.SetUserRole)
	admin.Post("/:id/active", h.SetUserActive)

	app.Use(h.NotFound)
}

// limitLeadPosts answers 429 past leadPostsPerWindow posts from one client. The client
// is the address package clientip finds: X-Forwarded-For counts only from
// LEADLINE_TRUSTED_PROXIES, so nobody escapes the limit by making up addresses. If the
// counter cannot be reached the post goes on: the database it shares is then down, and
// the post answers 503 with what the visitor typed.
func (h *Handler) limitLeadPosts(c *fiber.Ctx) error {
	n, reset, err := h.counter.Hit(c.UserContext(), "lead:"+h.ips.IP(c), leadPostWindow)
	if err != nil {
		h.log.Warn("lead rate limit unavailable", "err", err, "request_id", requestID(c))
		return c.Next()
	}
	if n > leadPostsPerWindow {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(1, int(time.Until(reset).Seconds()+0.999))))
		return h.leadLimitReached(c)
	}
	return c.Next()
}

// loginLimiter counts failed sign-ins by key and answers 429 past the limit.
func (h *Handler) loginLimiter(prefix string, key func(*fiber.Ctx) string) fiber.Handler {
	return limiter.New(limiter.Config{
		Max:                    loginFailuresPerWindow,
		Expiration:             loginFailureWindow,
		KeyGenerator:           func(c *fiber.Ctx) string { return prefix + key(c) },
		SkipSuccessfulRequests: true,
		LimiterMiddleware:      limiter.SlidingWindow{},
		LimitReached:           h.loginLimited,
		Storage:                h.limits,
	})
}

// csrf protects every state-changing staff request with a token kept in the session.
func (h *Handler) csrf() fiber.Handler {
	name := "csrf"
	if h.cfg.Secure() {
		name = "__Host-csrf"
	}
	return csrf.New(csrf.Config{
		Session:        h.sessions,
		SessionKey:     "csrf",
		CookieName:     name,
		CookiePath:     "/",
		CookieSecure:   h.cfg.Secure(),
		CookieHTTPOnly: true,
		CookieSameSite: "Lax",
		Expiration:     h.cfg.SessionMax,
		KeyGenerator:   password.Generate,
		Extractor:      csrfExtractor,
		ContextKey:     localCSRF,
		ErrorHandler:   h.csrfErrorHandler,
	})
}

// sameOrigin refuses a sign-in or setup form posted from another site (login CSRF):
// browsers say where a request comes from in Sec-Fetch-Site, or at least in Origin.
func (h *Handler) sameOrigin(c *fiber.Ctx) error {
	switch c.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return refuse(fiber.StatusForbidden, "This form was sent from another site.")
	}
	if o := c.Get(fiber.HeaderOrigin); o != "" && o != "null" && !strings.EqualFold(o, h.cfg.BaseURL.Scheme+"://"+h.cfg.BaseURL.Host) && !strings.EqualFold(o, c.Protocol()+"://"+c.Hostname()) {
		return refuse(fiber.StatusForbidden, "This form was sent from another site.")
	}
	return c.Next()
}
