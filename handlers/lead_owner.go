package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
)

// SetOwner gives a lead to a staff user, or to nobody, in one click.
func (h *Handler) SetOwner(c *fiber.Ctx) error {
	id, err := leadID(c)
	if err != nil {
		return err
	}
	version, ok := formVersion(c)
	if !ok {
		return refuse(fiber.StatusUnprocessableEntity, "Reload the lead and choose again.")
	}
	raw := formValue(c, "owner_id")
	owner, err := h.ownerChoice(c, raw)
	if err != nil {
		return err
	}
	updated, err := h.store.UpdateLead(c.UserContext(), id, version, currentUser(c).ID, func(l *models.Lead) { l.OwnerID = owner })
	ch := change{view: leadView(c), field: "owner", value: raw, flash: "Owner changed."}
	return h.afterChange(c, ch, updated, err)
}

// ownerChoice reads the owner chosen in a form: "" for nobody, else an active staff
// user's id. One click and a bulk action check it alike.
func (h *Handler) ownerChoice(c *fiber.Ctx, raw string) (*int64, error) {
	if raw == "" {
		return nil, nil
	}
	oid, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, refuse(fiber.StatusUnprocessableEntity, "Choose an owner from the list.")
	}
	u, err := h.store.UserByID(c.UserContext(), oid)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !u.Active) {
		return nil, refuse(fiber.StatusUnprocessableEntity, "Choose an active staff user as the owner.")
	}
	if err != nil {
		return nil, err
	}
	return &oid, nil
}
