package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// Account shows the signed-in user's account and the password form.
func (h *Handler) Account(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.AccountPage(views.Account{App: h.appPage(c, "Your account", "account")}))
}

// ChangePassword needs the current password. It gives the session a new id and ends
// every other session of the user.
func (h *Handler) ChangePassword(c *fiber.Ctx) error {
	user := currentUser(c)
	current, next, confirm := c.FormValue("current_password"), c.FormValue("new_password"), c.FormValue("confirm_password")
	ve := &models.ValidationError{}
	if !h.passwords.Check(user.PasswordHash, current) {
		ve.Add("current_password", "Your current password is incorrect")
	}
	if msg := models.CheckPassword(next); msg != "" {
		ve.Add("new_password", msg)
	} else if next != confirm {
		ve.Add("confirm_password", "The new passwords do not match")
	}
	if ve.Err() != nil {
		vm := views.Account{App: h.appPage(c, "Your account", "account"), Errors: ve.Fields, ErrorOrder: ve.Order}
		return render(c, fiber.StatusUnprocessableEntity, views.AccountPage(vm))
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
