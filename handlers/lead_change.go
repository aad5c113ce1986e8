package handlers

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// change is a save sent to the store, as its answer needs it.
type change struct {
	// view is where the request came from, and what goes back.
	view views.LeadView
	// edit is what the edit form sent; nil for a one-click change.
	edit *views.LeadEditValues
	// field and value are a one-click change: "status" or "owner" and the value chosen,
	// as the history records it.
	field, value string
	// flash is the message a browser without htmx reads after the redirect.
	flash string
}

// afterChange answers a saved change: the row or the card (with the history refreshed
// out of band) for htmx, a redirect to the lead otherwise; or the conflict view.
func (h *Handler) afterChange(c *fiber.Ctx, ch change, l *models.Lead, err error) error {
	var ce *models.ConflictError
	if errors.As(err, &ce) {
		return h.renderConflict(c, ch, ce)
	}
	if err != nil {
		return err
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	now := h.now(c)
	switch ch.view {
	case views.ViewRow:
		return render(c, fiber.StatusOK, views.LeadRowView(leadRow(l, users, csrfToken(c), now)))
	case views.ViewCard:
		events, err := h.store.Events(c.UserContext(), l.ID)
		if err != nil {
			return err
		}
		if err := render(c, fiber.StatusOK, views.LeadCardView(leadCard(l, users, csrfToken(c), now))); err != nil {
			return err
		}
		return views.HistoryView(history(l, events, namesOf(users), now.Location()), true).Render(c.UserContext(), c.Response().BodyWriter())
	}
	if err := h.flash(c, ch.flash); err != nil {
		return err
	}
	return c.Redirect(backTo(c, paths.Lead(l.ID)), fiber.StatusSeeOther)
}

// backTo is the page a form without JavaScript came from, when it is the list or a
// lead's page (the person carries on where they were), else fallback.
func backTo(c *fiber.Ctx, fallback string) string {
	ref, err := url.Parse(c.Get(fiber.HeaderReferer))
	if err != nil || (ref.Path != paths.Leads && !paths.Matches(paths.LeadPattern, ref.Path)) {
		return fallback
	}
	if back := localNext(ref.RequestURI()); back != "" {
		return back
	}
	return fallback
}
