package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// Account shows the signed-in user's account, the time zone and password forms.
func (h *Handler) Account(c *fiber.Ctx) error {
	return h.renderAccount(c, fiber.StatusOK, nil)
}

// renderAccount renders the account page, with the password form's messages if any.
func (h *Handler) renderAccount(c *fiber.Ctx, status int, ve *models.ValidationError) error {
	vm := views.Account{App: h.appPage(c, "Your account", "account"), TimeZone: h.timeZoneForm(c, currentUser(c).TimeZone, nil)}
	if ve != nil {
		vm.Errors, vm.ErrorOrder = ve.Fields, ve.Order
	}
	return render(c, status, views.AccountPage(vm))
}

// ChangePassword needs the current password. It gives the session a new id and ends
// every other session of the user.
func (h *Handler) ChangePassword(c *fiber.Ctx) error {
	user := currentUser(c)
	current, next, confirm := formValue(c, "current_password"), formValue(c, "new_password"), formValue(c, "confirm_password")
	// A stolen session must not be a way to guess the password without end: the check
	// counts against the account's sign-in limit.
	guesses := h.accountGuesses(user.Email)
	wait, err := guesses.exhausted(c.UserContext(), h.clock.Now())
	if err != nil {
		return err
	}
	if wait > 0 {
		setRetryAfter(c, wait)
		ve := &models.ValidationError{}
		ve.Add("current_password", msgTooManyGuesses)
		return h.renderAccount(c, fiber.StatusTooManyRequests, ve)
	}
	ve := &models.ValidationError{}
	if !h.passwords.Check(user.PasswordHash, current) {
		if err := guesses.failed(c.UserContext()); err != nil {
			return err
		}
		h.pauseAfterFailure(c)
		ve.Add("current_password", "Your current password is incorrect")
	}
	if msg := models.CheckPassword(next); msg != "" {
		ve.Add("new_password", msg)
	} else if next != confirm {
		ve.Add("confirm_password", "The new passwords do not match")
	}
	if ve.Err() != nil {
		return h.renderAccount(c, fiber.StatusUnprocessableEntity, ve)
	}
	hash, err := h.passwords.Hash(next)
	if err != nil {
		return err
	}
	epoch, err := h.store.SetPassword(c.UserContext(), user.ID, hash)
	if err != nil {
		return err
	}
	// The epoch moved, so every session of the user ends; this one goes on under a new
	// id, keeping its sign-in time for the absolute timeout.
	if err := h.startSession(c, user, epoch, sessionLoginAt(c), "Your password was changed. You were signed out everywhere else."); err != nil {
		return err
	}
	h.log.Info("password changed", "user_id", user.ID, "request_id", requestID(c))
	return c.Redirect(paths.Account, fiber.StatusSeeOther)
}
