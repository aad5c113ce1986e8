package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/leadline/leadline/internal/password"
	"github.com/leadline/leadline/internal/paths"
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

// Routes lists every route of the site. The paths come from package paths, which
// also builds the links to them.
func (h *Handler) Routes(app *fiber.App) {
	app.Get(paths.Healthz, h.Healthz)
	app.Get(paths.Readyz, h.Readyz)
	app.Get(paths.AssetPattern, h.Asset)
	app.Get(paths.Favicon, h.Favicon)

	// Public pages: no session is read or written for visitors.
	app.Get(paths.Landing, h.Landing)
	app.Post(paths.LandingForm, h.limitLeadPosts, h.CreateLead)
	app.Get(paths.Thanks, h.Thanks)

	app.Get(paths.Login, h.LoginPage)
	app.Post(paths.Login, h.sameOrigin, h.loginLimiter("login-ip:", h.ips.IP), h.loginLimiter("login-account:", func(c *fiber.Ctx) string {
		return models.NormalizeEmail(c.FormValue("email"))
	}), h.Login)
	app.Get(paths.Setup, h.SetupPage)
	app.Post(paths.Setup, h.sameOrigin, h.Setup)

	protect := h.csrf()
	app.Post(paths.Logout, h.requireStaff, protect, h.Logout)

	// Everything under the workspace, known path or not, needs a staff session and
	// the CSRF check (the middleware matches the prefix, as a group's would).
	app.Use(paths.Workspace, h.requireStaff, protect)
	app.Get(paths.Dashboard, h.Dashboard)
	app.Get(paths.Leads, h.LeadsList)
	app.Get(paths.LeadsCSV, h.LeadsCSV)
	app.Get(paths.NewLead, h.NewLead)
	app.Post(paths.Leads, h.CreateLeadByHand)
	app.Get(paths.LeadPattern, h.ShowLead)
	app.Get(paths.LeadEditPattern, h.EditLead)
	app.Put(paths.LeadPattern, h.UpdateLead)
	app.Post(paths.LeadPattern, h.UpdateLead) // the edit page without JavaScript
	app.Delete(paths.LeadPattern, h.DeleteLead)
	app.Get(paths.LeadDeletePattern, h.ConfirmDelete)
	app.Post(paths.LeadDeletePattern, h.DeleteLead)
	app.Post(paths.LeadStatusPattern, h.SetStatus)
	app.Post(paths.LeadOwnerPattern, h.SetOwner)
	app.Post(paths.LeadNotesPattern, h.AddNote)
	app.Get(paths.Account, h.Account)
	app.Post(paths.AccountPassword, h.ChangePassword)

	app.Use(paths.Users, h.requireAdmin)
	app.Get(paths.Users, h.Users)
	app.Post(paths.Users, h.CreateUser)
	app.Post(paths.UserRolePattern, h.SetUserRole)
	app.Post(paths.UserActivePattern, h.SetUserActive)

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
