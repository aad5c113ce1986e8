package handlers

import (
	"crypto/subtle"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// loginFailureDelay slows every failed sign-in, on top of bcrypt's own cost, so that
// guessing is slow even before the limiter answers 429.
const loginFailureDelay = 750 * time.Millisecond

// msgBadLogin is the one answer for an unknown email, a wrong password and a
// deactivated account alike, so that the form does not reveal who has an account.
const msgBadLogin = "The email address or password is incorrect."

// LoginPage shows the sign-in form, or sends a signed-in person on.
func (h *Handler) LoginPage(c *fiber.Ctx) error {
	next := localNext(c.Query("next"))
	if u, ok := h.signedIn(c); ok && u != nil {
		return c.Redirect(orDefault(next, paths.Dashboard), fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.LoginPage(views.Login{Page: h.pageTitled("Sign in"), Next: next}))
}

// Login checks the credentials and signs the person in on a new session.
func (h *Handler) Login(c *fiber.Ctx) error {
	email := strings.TrimSpace(c.FormValue("email"))
	pass := c.FormValue("password")
	next := localNext(c.FormValue("next"))

	user, err := h.store.UserByEmail(c.UserContext(), email)
	switch {
	case errors.Is(err, models.ErrNotFound):
		user = nil
	case err != nil:
		return err
	}
	hash := ""
	if user != nil {
		hash = user.PasswordHash
	}
	// Always one bcrypt comparison (against a dummy hash for an unknown email), so the
	// time does not tell whether the account exists.
	ok := h.passwords.Check(hash, pass) && user != nil && user.Active
	if !ok {
		h.log.Warn("sign-in failed", "request_id", requestID(c), "ip", h.ips.IP(c))
		time.Sleep(loginFailureDelay)
		// The status is set on the response, not returned as an error: the limiter
		// counts failures by reading it before the error handler would run.
		return render(c, fiber.StatusUnauthorized, views.LoginPage(views.Login{
			Page: h.pageTitled("Sign in"), Next: next, Email: email, Error: msgBadLogin,
		}))
	}
	now := time.Now()
	if err := h.startSession(c, user, user.SessionEpoch, now, ""); err != nil {
		return err
	}
	if err := h.store.RecordLogin(c.UserContext(), user.ID, now); err != nil {
		h.log.Warn("record sign-in", "err", err, "request_id", requestID(c))
	}
	h.log.Info("signed in", "user_id", user.ID, "request_id", requestID(c))
	return c.Redirect(orDefault(next, paths.Dashboard), fiber.StatusSeeOther)
}

// loginLimited answers a throttled sign-in: 429 with the form, and Retry-After (set by
// the limiter).
func (h *Handler) loginLimited(c *fiber.Ctx) error {
	h.log.Warn("sign-in throttled", "request_id", requestID(c), "ip", h.ips.IP(c))
	return render(c, fiber.StatusTooManyRequests, views.LoginPage(views.Login{
		Page:  h.pageTitled("Sign in"),
		Next:  localNext(c.FormValue("next")),
		Email: strings.TrimSpace(c.FormValue("email")),
		Error: "Too many failed attempts. Wait a few minutes and try again.",
	}))
}

// Logout ends the session on the server. Only POST reaches it: a link or an image
// cannot sign anyone out.
func (h *Handler) Logout(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Destroy(); err != nil {
		return err
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// signedIn reports the user of a live session without sending anyone anywhere.
func (h *Handler) signedIn(c *fiber.Ctx) (*models.User, bool) {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return nil, false
	}
	uid, _ := sess.Get(sessUserID).(int64)
	epoch, _ := sess.Get(sessEpoch).(int64)
	loginAt, _ := sess.Get(sessLoginAt).(int64)
	if uid == 0 || time.Since(time.UnixMilli(loginAt)) > h.cfg.SessionMax {
		return nil, false
	}
	u, err := h.store.UserByID(c.UserContext(), uid)
	if err != nil || !u.Active || u.SessionEpoch != epoch {
		return nil, false
	}
	return u, true
}

// SetupPage shows the form that creates the first admin. It exists only while there is
// no user and only for the token printed in the log.
func (h *Handler) SetupPage(c *fiber.Ctx) error {
	if !h.setupAllowed(c, c.Query("token")) {
		return fiber.ErrNotFound
	}
	return render(c, fiber.StatusOK, views.SetupPage(views.Setup{Page: h.pageTitled("Set up " + views.AppName), Token: c.Query("token")}))
}

// Setup creates the first admin and signs them in; the setup page is gone afterwards.
func (h *Handler) Setup(c *fiber.Ctx) error {
	token := c.FormValue("token")
	if !h.setupAllowed(c, token) {
		return fiber.ErrNotFound
	}
	nu := models.NewUser{Email: c.FormValue("email"), Name: c.FormValue("name"), Role: models.RoleAdmin, Password: c.FormValue("password")}
	nu.Normalize()
	vm := views.Setup{Page: h.pageTitled("Set up " + views.AppName), Token: token, Email: nu.Email, Name: nu.Name}
	ve := validationOf(nu.Validate())
	if c.FormValue("password") != c.FormValue("confirm") {
		ve.Add("confirm", "The passwords do not match")
	}
	if ve.Err() != nil {
		vm.Errors, vm.ErrorOrder = ve.Fields, ve.Order
		return render(c, fiber.StatusUnprocessableEntity, views.SetupPage(vm))
	}
	hash, err := h.passwords.Hash(nu.Password)
	if err != nil {
		return err
	}
	user := &models.User{Email: nu.Email, Name: nu.Name, PasswordHash: hash}
	created, err := h.store.CreateFirstAdmin(c.UserContext(), user)
	if err != nil {
		return err
	}
	if !created {
		return fiber.ErrNotFound
	}
	h.setup.done()
	h.log.Info("first admin created; the setup page is gone", "user_id", user.ID)
	if err := h.startSession(c, user, user.SessionEpoch, time.Now(), "Welcome to Leadline. Add your colleagues under Users."); err != nil {
		return err
	}
	return c.Redirect(paths.Dashboard, fiber.StatusSeeOther)
}

// setupAllowed reports whether the setup token matches and no user exists yet.
func (h *Handler) setupAllowed(c *fiber.Ctx, token string) bool {
	want := h.setup.token()
	if want == "" || subtle.ConstantTimeCompare([]byte(token), []byte(want)) != 1 {
		return false
	}
	n, err := h.store.CountUsers(c.UserContext())
	if err != nil || n > 0 {
		h.setup.done()
		return false
	}
	return true
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// validationOf returns the validation error in err, or an empty one to add to.
func validationOf(err error) *models.ValidationError {
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		return ve
	}
	return &models.ValidationError{}
}
