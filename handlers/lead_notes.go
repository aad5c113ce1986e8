package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// AddNote adds a note by the signed-in user.
func (h *Handler) AddNote(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	id := l.ID
	body := strings.TrimSpace(formValue(c, "body"))
	form := views.NoteForm{LeadID: id, CSRF: csrfToken(c), Body: strings.ToValidUTF8(body, "\uFFFD")}
	if err := models.ValidateNote(body); err != nil {
		form.Error = validationOf(err).Fields["body"]
		if wantsFragment(c) {
			notes, err := h.store.Notes(c.UserContext(), id)
			if err != nil {
				return err
			}
			return render(c, fiber.StatusUnprocessableEntity, views.NotesView(noteViews(notes, h.zone(c)), form))
		}
		users, err := h.store.Users(c.UserContext())
		if err != nil {
			return err
		}
		return h.renderDetail(c, fiber.StatusUnprocessableEntity, l, users, form)
	}
	me := currentUser(c).ID
	if err := h.store.AddNote(c.UserContext(), &models.Note{LeadID: id, UserID: &me, Body: body}); err != nil {
		return err
	}
	if !wantsFragment(c) {
		return c.Redirect(paths.Lead(id)+"#notes", fiber.StatusSeeOther)
	}
	notes, err := h.store.Notes(c.UserContext(), id)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.NotesView(noteViews(notes, h.zone(c)), views.NoteForm{LeadID: id, CSRF: csrfToken(c)}))
}

// noteViews are the notes as the page shows them, times in loc (the reader's zone).
func noteViews(notes []models.Note, loc *time.Location) []views.NoteView {
	out := make([]views.NoteView, 0, len(notes))
	for _, n := range notes {
		out = append(out, views.NoteView{Author: n.AuthorName, Body: n.Body, When: timeText(n.CreatedAt, loc), WhenISO: n.CreatedAt.UTC().Format(time.RFC3339)})
	}
	return out
}
