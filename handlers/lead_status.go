package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
)

// SetStatus moves a lead along the pipeline in one click.
func (h *Handler) SetStatus(c *fiber.Ctx) error {
	id, err := leadID(c)
	if err != nil {
		return err
	}
	status := models.Status(formValue(c, "status"))
	version, ok := formVersion(c)
	if !status.Valid() || !ok {
		return refuse(fiber.StatusUnprocessableEntity, "Choose a status from the list, on a lead you have loaded.")
	}
	updated, err := h.store.UpdateLead(c.UserContext(), id, version, currentUser(c).ID, func(l *models.Lead) { l.Status = status })
	ch := change{view: leadView(c), field: "status", value: string(status), flash: "Status set to " + status.Label() + "."}
	return h.afterChange(c, ch, updated, err)
}
