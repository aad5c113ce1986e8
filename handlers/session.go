package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/leadline/leadline/models"
)

// Session keys.
const (
	sessUserID  = "uid"
	sessEpoch   = "epoch"    // the user's session epoch at sign-in
	sessLoginAt = "login_at" // unix milliseconds of the sign-in, for the absolute timeout
	sessFlash   = "flash"
)

// Locals keys.
const (
	localUser = "user"
	localCSRF = "csrf"
	// localFlash is the flash message taken from the session for this page.
	localFlash = "flash"
	// localLoginAt is the session's sign-in time, for a session that moves to a new id.
	localLoginAt = "login_at"
)

// currentUser is the signed-in user that requireStaff loaded.
func currentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(localUser).(*models.User)
	return u
}

// sessionLoginAt is when the current session signed in.
func sessionLoginAt(c *fiber.Ctx) time.Time {
	t, _ := c.Locals(localLoginAt).(time.Time)
	return t
}

// csrfToken is the token the CSRF middleware issued for this request.
func csrfToken(c *fiber.Ctx) string {
	t, _ := c.Locals(localCSRF).(string)
	return t
}

// requireStaff lets a request through only with a live staff session: not idle-expired
// (the storage drops those), younger than LEADLINE_SESSION_MAX since sign-in, of an
// active user whose session epoch has not moved since. Anything else goes to sign-in.
func (h *Handler) requireStaff(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return fmt.Errorf("load session: %w: %w", models.ErrUnavailable, err)
	}
	uid, _ := sess.Get(sessUserID).(int64)
	if uid == 0 {
		return h.toLogin(c)
	}
	loginAt, _ := sess.Get(sessLoginAt).(int64)
	if time.Since(time.UnixMilli(loginAt)) > h.cfg.SessionMax {
		return h.endSession(c, sess)
	}
	user, err := h.store.UserByID(c.UserContext(), uid)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return h.endSession(c, sess)
	case err != nil:
		return err
	}
	epoch, _ := sess.Get(sessEpoch).(int64)
	if !user.Active || user.SessionEpoch != epoch {
		return h.endSession(c, sess)
	}
	c.Locals(localUser, user)
	c.Locals(localLoginAt, time.UnixMilli(loginAt))
	// A flash message is shown once, on the next whole page: take it out of the session
	// here, where the session is loaded anyway, rather than loading it again to render.
	if msg, _ := sess.Get(sessFlash).(string); msg != "" && c.Method() == fiber.MethodGet && c.Get("HX-Request") != "true" {
		sess.Delete(sessFlash)
		if err := sess.Save(); err != nil {
			return fmt.Errorf("save session: %w: %w", models.ErrUnavailable, err)
		}
		c.Locals(localFlash, msg)
	}
	// Staff pages are private to the user.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// requireAdmin refuses staff who are not admins.
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	if u := currentUser(c); u == nil || !u.IsAdmin() {
		return refuse(fiber.StatusForbidden, "Only admins can manage staff accounts.")
	}
	return c.Next()
}

// endSession deletes the session on the server and sends the person to sign in.
func (h *Handler) endSession(c *fiber.Ctx, sess *session.Session) error {
	if err := sess.Destroy(); err != nil {
		return fmt.Errorf("end session: %w: %w", models.ErrUnavailable, err)
	}
	return h.toLogin(c)
}

// toLogin sends a request without a session to the sign-in page, remembering where it
// was going. htmx cannot follow a redirect into a whole page, so it gets 401 and
// HX-Redirect instead.
func (h *Handler) toLogin(c *fiber.Ctx) error {
	target := "/login"
	if c.Method() == fiber.MethodGet && c.Path() != "/app" {
		target += "?next=" + url.QueryEscape(c.OriginalURL())
	} else if c.Method() == fiber.MethodGet {
		target += "?next=%2Fapp"
	}
	if c.Get("HX-Request") == "true" {
		c.Set("HX-Redirect", target)
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// startSession signs the user in on a brand-new session: Reset drops the old id and
// every value in it (a CSRF token issued before sign-in included), so nothing an
// attacker planted or saw before survives. flash, if any, is shown on the next page.
// (A session must not be loaded again in the same request after this: Fiber would
// look it up under the old id.)
func (h *Handler) startSession(c *fiber.Ctx, user *models.User, epoch int64, loginAt time.Time, flash string) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return fmt.Errorf("load session: %w: %w", models.ErrUnavailable, err)
	}
	if err := sess.Reset(); err != nil {
		return fmt.Errorf("reset session: %w: %w", models.ErrUnavailable, err)
	}
	sess.Set(sessUserID, user.ID)
	sess.Set(sessEpoch, epoch)
	sess.Set(sessLoginAt, loginAt.UnixMilli())
	if flash != "" {
		sess.Set(sessFlash, flash)
	}
	if err := sess.Save(); err != nil {
		return fmt.Errorf("save session: %w: %w", models.ErrUnavailable, err)
	}
	return nil
}

// flash keeps a message for the next page the person sees.
func (h *Handler) flash(c *fiber.Ctx, message string) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return fmt.Errorf("load session: %w: %w", models.ErrUnavailable, err)
	}
	sess.Set(sessFlash, message)
	if err := sess.Save(); err != nil {
		return fmt.Errorf("save session: %w: %w", models.ErrUnavailable, err)
	}
	return nil
}

// takenFlash is the flash message requireStaff took from the session, if any.
func takenFlash(c *fiber.Ctx) string {
	msg, _ := c.Locals(localFlash).(string)
	return msg
}

// csrfErrorHandler answers a request the CSRF middleware refused: 403, unless the session
// storage is down, which is our failure and not an attack (503).
func (h *Handler) csrfErrorHandler(c *fiber.Ctx, err error) error {
	if perr := h.sessionStorage.Ping(c.UserContext()); perr != nil {
		return fmt.Errorf("csrf: %w: %w", models.ErrUnavailable, perr)
	}
	h.log.Warn("csrf check failed", "err", err, "path", c.Path(), "request_id", requestID(c), "ip", h.ips.IP(c))
	return refuse(fiber.StatusForbidden, "This form has expired or was not sent from Leadline. Reload the page and try again.")
}

// csrfExtractor reads the token from the X-CSRF-Token header (htmx sends it on every
// request) or else from the _csrf field of a form that works without JavaScript.
func csrfExtractor(c *fiber.Ctx) (string, error) {
	if t := c.Get("X-CSRF-Token"); t != "" {
		return t, nil
	}
	if t := c.FormValue("_csrf"); t != "" {
		return t, nil
	}
	return "", csrf.ErrTokenNotFound
}

// localNext returns next when it is a path on this site (one leading slash, no scheme,
// no host, no backslash), else "".
func localNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return next
}
