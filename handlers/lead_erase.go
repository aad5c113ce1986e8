package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// ConfirmErase is the step before a lead's personal data is erased: a page with a
// plain form, so it works without JavaScript. Every staff user may erase, as every
// staff user may delete (which removes more); the history records who did.
func (h *Handler) ConfirmErase(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	if l.Erased() {
		return models.ErrErased
	}
	row := leadRow(l, nil, csrfToken(c), h.now(c))
	return render(c, fiber.StatusOK, views.LeadErasePage(views.LeadErase{App: h.appPage(c, "Erase personal data", "leads"), Row: row}))
}

// EraseLead erases a lead's personal data and goes back to the lead's page, which
// says who erased it and when.
func (h *Handler) EraseLead(c *fiber.Ctx) error {
	id, err := leadID(c)
	if err != nil {
		return err
	}
	me := currentUser(c).ID
	if err := h.store.EraseLead(c.UserContext(), id, models.Erasure{By: &me, At: h.clock.Now()}); err != nil {
		return err
	}
	h.log.Info("lead erased", "lead_id", id, "by", me, "request_id", requestID(c))
	if err := h.flash(c, "The lead's personal data was erased."); err != nil {
		return err
	}
	return c.Redirect(paths.Lead(id), fiber.StatusSeeOther)
}
