package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/leadline/leadline/internal/password"
	"github.com/leadline/leadline/models"
)

// msgForeignForm is the refusal of a form another site made the browser send.
const msgForeignForm = "This form was sent from another site."

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

// csrfErrorHandler answers a request the CSRF middleware refused: 403, unless the session
// storage is down, which is our failure and not an attack (503).
func (h *Handler) csrfErrorHandler(c *fiber.Ctx, err error) error {
	if perr := h.sessionStorage.Ping(c.UserContext()); perr != nil {
		return fmt.Errorf("csrf: %w: %w", models.ErrUnavailable, perr)
	}
	h.log.Warn("csrf check failed", "err", err, "path", c.Path(), "request_id", requestID(c), "ip", h.ips.IP(c))
	return refuse(fiber.StatusForbidden, "This form has expired or was not sent from this site. Reload the page and try again.")
}

// csrfExtractor reads the token from the X-CSRF-Token header (htmx sends it on every
// request) or else from the _csrf field of a form body that works without JavaScript.
// Never from the query string: a token in a URL leaks through logs, history and the
// Referer header.
func csrfExtractor(c *fiber.Ctx) (string, error) {
	if t := c.Get("X-CSRF-Token"); t != "" {
		return t, nil
	}
	if t := formValue(c, "_csrf"); t != "" {
		return t, nil
	}
	return "", csrf.ErrTokenNotFound
}

// sameOrigin refuses a sign-in or setup form posted from another site (login CSRF):
// browsers say where a request comes from in Sec-Fetch-Site, or at least in Origin.
// "Origin: null" comes from a sandboxed frame, a data: URL or a cross-site redirect,
// never from our own page: it is refused too.
func (h *Handler) sameOrigin(c *fiber.Ctx) error {
	switch c.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return refuse(fiber.StatusForbidden, msgForeignForm)
	}
	o := c.Get(fiber.HeaderOrigin)
	if o == "" {
		return c.Next()
	}
	if o == "null" || (!strings.EqualFold(o, h.cfg.BaseURL.Scheme+"://"+h.cfg.BaseURL.Host) && !strings.EqualFold(o, c.Protocol()+"://"+c.Hostname())) {
		return refuse(fiber.StatusForbidden, msgForeignForm)
	}
	return c.Next()
}
