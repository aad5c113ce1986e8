package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// EditLead turns the row or the card into a form (a whole page without htmx).
func (h *Handler) EditLead(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	if l.Erased() {
		return models.ErrErased // nothing left to edit
	}
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	return h.renderEdit(c, fiber.StatusOK, leadView(c), l, users, editValues(l), nil)
}

// renderEdit answers with the lead's form in view v, filled with values.
func (h *Handler) renderEdit(c *fiber.Ctx, status int, v views.LeadView, l *models.Lead, users []models.User, values views.LeadEditValues, ve *models.ValidationError) error {
	var errs map[string]string
	var order []string
	if ve != nil {
		errs, order = ve.Fields, ve.Order
	}
	now := h.now(c)
	if v == views.ViewRow {
		return render(c, status, views.LeadRowEditView(views.LeadRowEdit{Row: leadRow(l, users, csrfToken(c), now), Values: values, Errors: errs, ErrorOrder: order}))
	}
	edit := views.LeadCardEdit{Card: leadCard(l, users, csrfToken(c), now), Values: values, Errors: errs, ErrorOrder: order}
	if v == views.ViewCard {
		return render(c, status, views.LeadCardEditView(edit))
	}
	return render(c, status, views.LeadEditPageView(views.LeadEditPage{App: h.appPage(c, "Edit "+l.Name, "leads"), Edit: edit}))
}

// UpdateLead saves an edit of the contact fields and the follow-up date (PUT, or POST
// from the page without JavaScript). A stale version gets 409 and the conflict view.
func (h *Handler) UpdateLead(c *fiber.Ctx) error {
	l, err := h.loadLead(c)
	if err != nil {
		return err
	}
	edit := leadEditForm(c)
	v := leadView(c)
	if v == views.ViewRow {
		// The row edits the contact fields only; the rest stays as it is.
		edit.Message, edit.NextActionAt = l.Message, models.FormatDate(l.NextActionAt)
	}
	version, ok := formVersion(c)
	values := views.LeadEditValues{
		Name: edit.Name, Email: edit.Email, Company: edit.Company, Phone: edit.Phone, Message: edit.Message,
		NextActionAt: edit.NextActionAt, Version: version,
	}
	ve := validationOf(edit.Validate())
	if !ok {
		ve.Add("version", "Reload the lead and edit it again")
	}
	if ve.Err() != nil {
		users, err := h.store.Users(c.UserContext())
		if err != nil {
			return err
		}
		values.Version = l.Version
		if ok {
			values.Version = version
		}
		return h.renderEdit(c, fiber.StatusUnprocessableEntity, v, l, users, values, ve)
	}
	updated, err := h.store.UpdateLead(c.UserContext(), l.ID, version, currentUser(c).ID, edit.Apply)
	return h.afterChange(c, change{view: v, edit: &values, flash: "Saved."}, updated, err)
}
