package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// ShowLead is a lead's page; htmx asks for its row or its card alone.
func (h *Handler) ShowLead(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	now := h.now(c)
	switch leadView(c) {
	case views.ViewRow:
		return render(c, fiber.StatusOK, views.LeadRowView(leadRow(l, users, csrfToken(c), now)))
	case views.ViewCard:
		return render(c, fiber.StatusOK, views.LeadCardView(leadCard(l, users, csrfToken(c), now)))
	}
	return h.renderDetail(c, fiber.StatusOK, l, users, views.NoteForm{})
}

// renderDetail renders a lead's whole page.
func (h *Handler) renderDetail(c *fiber.Ctx, status int, l *models.Lead, users []models.User, form views.NoteForm) error {
	notes, err := h.store.Notes(c.UserContext(), l.ID)
	if err != nil {
		return err
	}
	events, err := h.store.Events(c.UserContext(), l.ID)
	if err != nil {
		return err
	}
	form.LeadID, form.CSRF = l.ID, csrfToken(c)
	card := leadCard(l, users, csrfToken(c), h.now(c))
	card.ErasedNotice = erasedNotice(l, events, h.zone(c))
	vm := views.LeadDetail{
		App:      h.appPage(c, "Lead details", "leads"),
		Card:     card,
		Notes:    noteViews(notes, h.zone(c)),
		History:  history(l, events, namesOf(users), h.zone(c)),
		NoteForm: form,
	}
	return render(c, status, views.LeadDetailView(vm))
}
