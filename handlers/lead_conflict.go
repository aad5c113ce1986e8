package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// renderConflict answers 409 with what the other person saved next to what this person
// sent.
func (h *Handler) renderConflict(c *fiber.Ctx, ch change, ce *models.ConflictError) error {
	cur := ce.Current
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	names := namesOf(users)
	cf := views.Conflict{
		LeadID:     cur.ID,
		View:       ch.view,
		FromEditor: ch.edit != nil,
		CSRF:       csrfToken(c),
		Row:        leadRow(cur, users, csrfToken(c), h.now(c)),
	}
	if cf.View == views.ViewPage {
		// The page without htmx shows the comparison above the card.
		cf.View = views.ViewCard
	}
	if ch.edit != nil {
		cf.Yours = *ch.edit
	}
	cf.Yours.Version = cur.Version
	seen := map[string]bool{}
	for _, e := range ce.Since { // newest first: the value now is the newest event's
		if seen[e.Field] {
			continue
		}
		seen[e.Field] = true
		cf.Fields = append(cf.Fields, views.ConflictField{
			Field:  e.Field,
			Theirs: eventValue(e.Field, e.NewValue, names),
			Yours:  yoursFor(e.Field, ch, names),
			By:     e.UserName,
			When:   timeText(e.CreatedAt, h.zone(c)),
		})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if !wantsFragment(c) {
		// Without htmx the whole page carries the comparison above the lead.
		return render(c, fiber.StatusConflict, views.ConflictPage(views.ConflictPageVM{App: h.appPage(c, "This lead changed", "leads"), Conflict: cf}))
	}
	return render(c, fiber.StatusConflict, views.ConflictView(cf))
}

// yoursFor is what this person sent for a field: the edit form's value, the one-click
// choice, or nothing.
func yoursFor(field string, ch change, names people) string {
	if ch.edit == nil {
		if field == ch.field {
			return eventValue(field, ch.value, names)
		}
		return "(not changed by you)"
	}
	switch field {
	case "name":
		return ch.edit.Name
	case "email":
		return ch.edit.Email
	case "company":
		return ch.edit.Company
	case "phone":
		return ch.edit.Phone
	case "message":
		return ch.edit.Message
	case "next_action_at":
		return ch.edit.NextActionAt
	}
	return "(not changed by you)"
}
