package handlers

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/apitoken"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// Tokens lists the signed-in user's API tokens, with the form that makes one.
func (h *Handler) Tokens(c *fiber.Ctx) error {
	return h.renderTokens(c, fiber.StatusOK, models.NewToken{Expiry: models.DefaultExpiry}, nil, nil)
}

// renderTokens renders the tokens page: the form with what was typed and its messages,
// and the secret of a token just made.
func (h *Handler) renderTokens(c *fiber.Ctx, status int, form models.NewToken, ve *models.ValidationError, created *views.CreatedToken) error {
	user := currentUser(c)
	tokens, err := h.store.Tokens(c.UserContext(), user.ID)
	if err != nil {
		return err
	}
	vm := views.TokensPage{App: h.appPage(c, "API tokens", "account"), Created: created}
	vm.Form.Name = displayText(form.Name)
	for _, e := range models.TokenExpiries() {
		vm.Form.Expiries = append(vm.Form.Expiries, views.Option{Value: string(e), Label: e.Label(), Selected: e == form.Expiry})
	}
	if ve != nil {
		vm.Form.Errors, vm.Form.ErrorOrder = ve.Fields, ve.Order
	}
	now := h.clock.Now()
	for _, t := range tokens {
		state := t.StateFor(now, user.SessionEpoch)
		expires := "never"
		if t.ExpiresAt != nil {
			expires = formatTime(t.ExpiresAt, h.zone(c))
		}
		vm.Tokens = append(vm.Tokens, views.TokenRow{
			ID: t.ID, Name: t.Name, Prefix: t.Prefix, Created: formatTime(&t.CreatedAt, h.zone(c)), Expires: expires,
			Used: formatTime(t.LastUsedAt, h.zone(c)), State: state.Label(), Active: state == models.TokenActive,
		})
	}
	return render(c, status, views.TokensView(vm))
}

// CreateToken makes a token and shows its secret once, in this answer only: a flash
// message would keep it in the session's row in the database.
func (h *Handler) CreateToken(c *fiber.Ctx) error {
	nt := models.NewToken{Name: formValue(c, "name"), Expiry: models.TokenExpiry(formValue(c, "expiry"))}
	nt.Normalize()
	if err := nt.Validate(); err != nil {
		return h.renderTokens(c, fiber.StatusUnprocessableEntity, nt, validationOf(err), nil)
	}
	user := currentUser(c)
	secret, _, err := h.issueToken(c.UserContext(), user.ID, nt.Name, nt.Expiry.ExpiresAt(h.clock.Now()))
	if err != nil {
		return err
	}
	h.log.Info("api token created", "user_id", user.ID, "request_id", requestID(c))
	return h.renderTokens(c, fiber.StatusCreated, models.NewToken{Expiry: models.DefaultExpiry}, nil,
		&views.CreatedToken{Name: nt.Name, Secret: secret})
}

// issueToken stores a new token of the user and returns its secret.
func (h *Handler) issueToken(ctx context.Context, userID int64, name string, expires *time.Time) (string, *models.APIToken, error) {
	secret, shown, hash := apitoken.New()
	t := &models.APIToken{UserID: userID, Name: name, Prefix: shown, Hash: hash, ExpiresAt: expires, CreatedAt: h.clock.Now()}
	if err := h.store.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// RevokeToken deletes one of the user's tokens. htmx removes its row and says so in the
// flash; DELETE without htmx gets 204; the form without JavaScript (POST …/delete) goes
// back to the list.
func (h *Handler) RevokeToken(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	user := currentUser(c)
	t, err := h.store.RevokeToken(c.UserContext(), user.ID, id)
	if err != nil {
		return err
	}
	name := t.Name
	h.log.Info("api token revoked", "user_id", user.ID, "token_id", id, "request_id", requestID(c))
	switch {
	case c.Method() == fiber.MethodPost:
		if err := h.flash(c, "The token “"+name+"” was revoked."); err != nil {
			return err
		}
		return c.Redirect(paths.AccountTokens, fiber.StatusSeeOther)
	case wantsFragment(c):
		return render(c, fiber.StatusOK, views.TokenRevoked(name))
	}
	return c.SendStatus(fiber.StatusNoContent)
}
