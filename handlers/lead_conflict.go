package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// renderConflict answers 409 with what the other person saved next to what this person
// sent.
func (h *Handler) renderConflict(c *fiber.Ctx, v string, ce *models.ConflictError, yours views.LeadEditValues) error {
	cur := ce.Current
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	names := namesOf(users)
	if v == "" {
		v = "card"
	}
	cf := views.Conflict{
		LeadID:    cur.ID,
		View:      v,
		ReloadURL: paths.Lead(cur.ID) + "?view=" + v,
		CSRF:      csrfToken(c),
		Row:       leadRow(cur, users, csrfToken(c), time.Now()),
		Yours:     yours,
	}
	cf.Yours.Version = cur.Version
	seen := map[string]bool{}
	for _, e := range ce.Since { // newest first: the value now is the newest event's
		if seen[e.Field] {
			continue
		}
		seen[e.Field] = true
		by := e.UserName
		if by == "" {
			by = "a former user"
		}
		cf.Fields = append(cf.Fields, views.ConflictField{
			Label:  fieldLabel(e.Field),
			Theirs: eventValue(e.Field, e.NewValue, names),
			Yours:  yoursFor(e.Field, yours),
			By:     by,
			When:   timeText(e.CreatedAt),
		})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if !wantsFragment(c) {
		// Without htmx the whole page carries the comparison above the lead.
		return render(c, fiber.StatusConflict, views.ConflictPage(views.ConflictPageVM{App: h.appPage(c, "This lead changed", "leads"), Conflict: cf}))
	}
	return render(c, fiber.StatusConflict, views.ConflictView(cf))
}

// yoursFor is what the editor sent for a field, where the form carried it.
func yoursFor(field string, v views.LeadEditValues) string {
	switch field {
	case "name":
		return v.Name
	case "email":
		return v.Email
	case "company":
		return v.Company
	case "phone":
		return v.Phone
	case "message":
		return v.Message
	case "next_action_at":
		return v.NextActionAt
	}
	return "(not changed by you)"
}
