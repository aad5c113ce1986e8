package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/views"
)

// ConfirmDelete is the step before a delete: the row asks again (htmx), or a page does.
func (h *Handler) ConfirmDelete(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	row := leadRow(l, nil, csrfToken(c), h.now(c))
	if leadView(c) == views.ViewRow {
		return render(c, fiber.StatusOK, views.LeadRowConfirmView(row))
	}
	return render(c, fiber.StatusOK, views.DeleteConfirmPage(views.DeleteConfirm{App: h.appPage(c, "Delete "+l.Name+"?", "leads"), Row: row}))
}

// DeleteLead deletes a lead. htmx swaps the row for nothing; DELETE without htmx gets
// 204; the form without JavaScript (POST …/delete) goes back to the list.
func (h *Handler) DeleteLead(c *fiber.Ctx) error {
	id, err := leadID(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteLead(c.UserContext(), id); err != nil {
		return err
	}
	h.log.Info("lead deleted", "lead_id", id, "by", currentUser(c).ID, "request_id", requestID(c))
	switch {
	case c.Method() == fiber.MethodPost:
		if err := h.flash(c, "Lead deleted."); err != nil {
			return err
		}
		return c.Redirect(paths.Leads, fiber.StatusSeeOther)
	case wantsFragment(c):
		return c.Status(fiber.StatusOK).SendString("")
	}
	return c.SendStatus(fiber.StatusNoContent)
}
