package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
)

// Session keys.
const (
	sessUserID  = "uid"
	sessEpoch   = "epoch"    // the user's session epoch at sign-in
	sessLoginAt = "login_at" // unix milliseconds of the sign-in, for the absolute timeout
	sessSeenAt  = "seen_at"  // unix milliseconds of the last request, for the idle timeout
	sessFlash   = "flash"
)

// seenEvery is how stale the session's last-request time may get before a request
// writes it again: the idle timeout is kept to this precision without a session write
// on every request for it.
const seenEvery = time.Minute

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

// requireStaff lets a request through only with a live staff session (see
// liveSession); anything else goes to sign-in.
func (h *Handler) requireStaff(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return fmt.Errorf("load session: %w: %w", models.ErrUnavailable, err)
	}
	user, live, err := h.liveSession(c, sess)
	switch {
	case err != nil:
		return err
	case user == nil && live:
		return h.toLogin(c) // no one signed in on this session
	case user == nil:
		return h.endSession(c, sess)
	}
	c.Locals(localUser, user)
	loginAt, _ := sess.Get(sessLoginAt).(int64)
	c.Locals(localLoginAt, time.UnixMilli(loginAt))
	if err := h.touchSession(c, sess); err != nil {
		return err
	}
	// Staff pages are private to the user.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// liveSession returns the session's user when the session is live: signed in, not
// idle for longer than LEADLINE_SESSION_IDLE, younger than LEADLINE_SESSION_MAX since
// sign-in, of an active user whose session epoch has not moved since. The storage
// drops idle sessions too; the times kept in the session make both timeouts follow
// the clock. A nil user with live true is a session no one signed in on; with live
// false, one that has ended.
func (h *Handler) liveSession(c *fiber.Ctx, sess *session.Session) (user *models.User, live bool, err error) {
	return h.sessionUser(c.UserContext(), sess.Get)
}

// sessionUser is liveSession over the session's values, however they were read: the
// live stream checks its session again, from the storage, long after its request.
func (h *Handler) sessionUser(ctx context.Context, get func(key string) any) (user *models.User, live bool, err error) {
	uid, _ := get(sessUserID).(int64)
	if uid == 0 {
		return nil, true, nil
	}
	now := h.clock.Now()
	loginAt, _ := get(sessLoginAt).(int64)
	seenAt, _ := get(sessSeenAt).(int64)
	if now.Sub(time.UnixMilli(loginAt)) > h.cfg.SessionMax || now.Sub(time.UnixMilli(max(seenAt, loginAt))) > h.cfg.SessionIdle {
		return nil, false, nil
	}
	user, err = h.store.UserByID(ctx, uid)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	epoch, _ := get(sessEpoch).(int64)
	if !user.Active || user.SessionEpoch != epoch {
		return nil, false, nil
	}
	return user, true, nil
}

// touchSession writes what this request changes in the session: the time of the last
// request, when it has gone stale, and a flash message shown once, on the next whole
// page (taken here, where the session is loaded anyway).
func (h *Handler) touchSession(c *fiber.Ctx, sess *session.Session) error {
	changed := false
	now := h.clock.Now()
	if seenAt, _ := sess.Get(sessSeenAt).(int64); now.Sub(time.UnixMilli(seenAt)) >= seenEvery {
		sess.Set(sessSeenAt, now.UnixMilli())
		changed = true
	}
	if msg, _ := sess.Get(sessFlash).(string); msg != "" && c.Method() == fiber.MethodGet && !wantsFragment(c) {
		sess.Delete(sessFlash)
		c.Locals(localFlash, msg)
		changed = true
	}
	if !changed {
		return nil
	}
	if err := sess.Save(); err != nil {
		return fmt.Errorf("save session: %w: %w", models.ErrUnavailable, err)
	}
	return nil
}

// requireAdmin refuses staff who are not admins: the users, mail and webhooks pages.
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	if u := currentUser(c); u == nil || !u.IsAdmin() {
		return refuse(fiber.StatusForbidden, "Only admins can open this part of the workspace.")
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
	target := paths.Login
	if c.Method() == fiber.MethodGet {
		target += "?next=" + url.QueryEscape(c.OriginalURL())
	}
	if c.Get("HX-Request") == "true" {
		c.Set("HX-Redirect", target)
		return refuse(fiber.StatusUnauthorized, "Your session has ended. Sign in again to carry on.")
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
	sess.Set(sessSeenAt, h.clock.Now().UnixMilli())
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
