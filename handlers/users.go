package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/password"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// Users lists the staff accounts with the form to add one (admins only).
func (h *Handler) Users(c *fiber.Ctx) error {
	return h.renderUsers(c, fiber.StatusOK, views.NewUserForm{Role: string(models.RoleStaff)}, nil)
}

func (h *Handler) renderUsers(c *fiber.Ctx, status int, form views.NewUserForm, ve *models.ValidationError) error {
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	if ve != nil {
		form.Errors, form.ErrorOrder = ve.Fields, ve.Order
	}
	vm := views.UsersPage{App: h.appPage(c, "Users", "users"), Form: form}
	me := currentUser(c)
	for _, u := range users {
		vm.Users = append(vm.Users, views.UserRow{
			ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role), Active: u.Active,
			LastLogin: formatTime(u.LastLoginAt, h.zone(c)), IsMe: u.ID == me.ID,
		})
	}
	return render(c, status, views.Users(vm))
}

// CreateUser adds a staff account. Without a password from the admin, one is made up
// and shown once.
func (h *Handler) CreateUser(c *fiber.Ctx) error {
	nu := models.NewUser{
		Email:    formValue(c, "email"),
		Name:     formValue(c, "name"),
		Role:     models.Role(formValue(c, "role")),
		Password: formValue(c, "password"),
	}
	nu.Normalize()
	generated := ""
	if nu.Password == "" {
		generated = password.Generate()
		nu.Password = generated
	}
	form := views.NewUserForm{Email: nu.Email, Name: nu.Name, Role: string(nu.Role)}
	if err := nu.Validate(); err != nil {
		return h.renderUsers(c, fiber.StatusUnprocessableEntity, form, validationOf(err))
	}
	hash, err := h.passwords.Hash(nu.Password)
	if err != nil {
		return err
	}
	u := &models.User{Email: nu.Email, Name: nu.Name, Role: nu.Role, Active: true, PasswordHash: hash}
	if err := h.store.CreateUser(c.UserContext(), u); err != nil {
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			return h.renderUsers(c, fiber.StatusUnprocessableEntity, form, ve)
		}
		return err
	}
	h.log.Info("user created", "user_id", u.ID, "by", currentUser(c).ID, "request_id", requestID(c))
	msg := u.Name + " can now sign in as " + u.Email + "."
	if generated != "" {
		msg += " Their password, shown only this once: " + generated
	}
	if err := h.flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(paths.Users, fiber.StatusSeeOther)
}

// SetUserRole makes a user admin or staff; their sessions end.
func (h *Handler) SetUserRole(c *fiber.Ctx) error {
	role := models.Role(formValue(c, "role"))
	if !role.Valid() {
		return refuse(fiber.StatusUnprocessableEntity, "Choose admin or staff.")
	}
	target, err := h.otherUser(c)
	if err != nil {
		return err
	}
	if _, err := h.store.SetRole(c.UserContext(), target.ID, role); err != nil {
		return keepOneAdmin(err)
	}
	h.log.Info("role changed", "user_id", target.ID, "role", role, "by", currentUser(c).ID, "request_id", requestID(c))
	if err := h.flash(c, target.Name+" is now "+string(role)+". Their sessions were ended."); err != nil {
		return err
	}
	return c.Redirect(paths.Users, fiber.StatusSeeOther)
}

// SetUserActive deactivates (or reactivates) a user; deactivation ends their sessions
// at once, because every request checks the account.
func (h *Handler) SetUserActive(c *fiber.Ctx) error {
	active := formValue(c, "active") == "true"
	target, err := h.otherUser(c)
	if err != nil {
		return err
	}
	if _, err := h.store.SetActive(c.UserContext(), target.ID, active); err != nil {
		return keepOneAdmin(err)
	}
	verb := "reactivated"
	if !active {
		verb = "deactivated; their sessions were ended"
	}
	h.log.Info("user "+verb, "user_id", target.ID, "by", currentUser(c).ID, "request_id", requestID(c))
	if err := h.flash(c, target.Name+" was "+verb+"."); err != nil {
		return err
	}
	return c.Redirect(paths.Users, fiber.StatusSeeOther)
}

// otherUser loads the user named by :id, who may not be the admin themself: an admin
// who demoted or deactivated themself could lock everyone out.
func (h *Handler) otherUser(c *fiber.Ctx) (*models.User, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	if id == currentUser(c).ID {
		return nil, refuse(fiber.StatusUnprocessableEntity, "You cannot change your own role or deactivate yourself; ask another admin.")
	}
	return h.store.UserByID(c.UserContext(), id)
}

// keepOneAdmin answers the store's refusal to remove the last active admin, which it
// checks in the same transaction as the change, with a message the admin can act on.
func keepOneAdmin(err error) error {
	if errors.Is(err, models.ErrLastAdmin) {
		return refuse(fiber.StatusUnprocessableEntity, views.AppName+" needs at least one active admin.")
	}
	return err
}
