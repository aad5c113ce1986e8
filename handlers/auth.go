package handlers

import (
	"context"
	"crypto/subtle"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// msgBadLogin is the one answer for an unknown email, a wrong password and a
// deactivated account alike, so that the form does not reveal who has an account.
const msgBadLogin = "The email address or password is incorrect."

// msgTooManyGuesses answers a password check past the limit of failures.
const msgTooManyGuesses = "Too many failed attempts. Wait a few minutes and try again."

// LoginPage shows the sign-in form, or sends a signed-in person on.
func (h *Handler) LoginPage(c *fiber.Ctx) error {
	next := localNext(c.Query("next"))
	if u, ok := h.signedIn(c); ok && u != nil {
		return c.Redirect(orDefault(next, paths.Dashboard), fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.LoginPage(views.Login{Page: h.pageTitled("Sign in"), Next: next}))
}

// Login checks the credentials and signs the person in on a new session. Failures
// are counted per account and per client address; past the limit the form answers
// 429 before any password is checked.
func (h *Handler) Login(c *fiber.Ctx) error {
	email := strings.TrimSpace(formValue(c, "email"))
	pass := formValue(c, "password")
	next := localNext(formValue(c, "next"))
	ctx := c.UserContext()

	guesses := h.signInGuesses(h.ips.IP(c), email)
	wait, err := guesses.exhausted(ctx, h.clock.Now())
	if err != nil {
		return err
	}
	if wait > 0 {
		setRetryAfter(c, wait)
		return h.loginLimited(c, email, next)
	}
	user, err := h.userForSignIn(ctx, email)
	if err != nil {
		return err
	}
	hash := ""
	if user != nil {
		hash = user.PasswordHash
	}
	// Always one bcrypt comparison (against a dummy hash for an unknown email), so the
	// time does not tell whether the account exists.
	if !h.passwords.Check(hash, pass) || user == nil || !user.Active {
		if err := guesses.failed(ctx); err != nil {
			return err
		}
		h.log.Warn("sign-in failed", "request_id", requestID(c), "ip", h.ips.IP(c))
		h.metrics.SignInFailed(metrics.SignInBadCredentials)
		h.pauseAfterFailure(c)
		return render(c, fiber.StatusUnauthorized, views.LoginPage(views.Login{
			Page: h.pageTitled("Sign in"), Next: next, Email: displayText(email), Error: msgBadLogin,
		}))
	}
	now := h.clock.Now()
	if err := h.startSession(c, user, user.SessionEpoch, now, ""); err != nil {
		return err
	}
	if err := h.store.RecordLogin(ctx, user.ID, now); err != nil {
		h.log.Warn("record sign-in", "err", err, "request_id", requestID(c))
	}
	h.log.Info("signed in", "user_id", user.ID, "request_id", requestID(c))
	return c.Redirect(orDefault(next, paths.Dashboard), fiber.StatusSeeOther)
}

// userForSignIn finds the account for an address typed into the sign-in form, or nil.
// Text that cannot be an address (a NUL, bytes that are not UTF-8) is no account and
// never reaches the database.
func (h *Handler) userForSignIn(ctx context.Context, email string) (*models.User, error) {
	if !models.LooksLikeEmail(email) {
		return nil, nil
	}
	user, err := h.store.UserByEmail(ctx, email)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	return user, err
}

// pauseAfterFailure slows a failed password check by the login delay, or less when
// the client goes away.
func (h *Handler) pauseAfterFailure(c *fiber.Ctx) { h.pause(c.UserContext()) }

// pause waits the login delay, or until ctx ends.
func (h *Handler) pause(ctx context.Context) {
	if h.loginDelay <= 0 {
		return
	}
	t := time.NewTimer(h.loginDelay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// loginLimited answers a throttled sign-in: 429 with the form (Retry-After is set).
func (h *Handler) loginLimited(c *fiber.Ctx, email, next string) error {
	h.log.Warn("sign-in throttled", "request_id", requestID(c), "ip", h.ips.IP(c))
	h.metrics.SignInFailed(metrics.SignInThrottled)
	return render(c, fiber.StatusTooManyRequests, views.LoginPage(views.Login{
		Page:  h.pageTitled("Sign in"),
		Next:  next,
		Email: displayText(email),
		Error: msgTooManyGuesses,
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
	return c.Redirect(paths.Login, fiber.StatusSeeOther)
}

// signedIn reports the user of a live session without sending anyone anywhere.
func (h *Handler) signedIn(c *fiber.Ctx) (*models.User, bool) {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return nil, false
	}
	u, _, err := h.liveSession(c, sess)
	return u, err == nil && u != nil
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
	token := formValue(c, "token")
	if !h.setupAllowed(c, token) {
		return fiber.ErrNotFound
	}
	nu := models.NewUser{Email: formValue(c, "email"), Name: formValue(c, "name"), Role: models.RoleAdmin, Password: formValue(c, "password")}
	nu.Normalize()
	vm := views.Setup{Page: h.pageTitled("Set up " + views.AppName), Token: token, Email: nu.Email, Name: nu.Name}
	ve := validationOf(nu.Validate())
	if formValue(c, "password") != formValue(c, "confirm") {
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
	if err := h.startSession(c, user, user.SessionEpoch, h.clock.Now(), "Welcome to "+views.AppName+". Add your colleagues under Users."); err != nil {
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
