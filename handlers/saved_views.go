package handlers

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// savedViewsNav is the list's sidebar for f: the user's views and the team's shared
// ones, the one showing f marked. A filter that could not be read (ok false) marks
// none and saves nothing.
func (h *Handler) savedViewsNav(c *fiber.Ctx, f models.LeadFilter, ok bool, save views.SaveViewForm) (views.SavedViewsNav, error) {
	me := currentUser(c).ID
	saved, err := h.store.SavedViews(c.UserContext(), me)
	if err != nil {
		return views.SavedViewsNav{}, err
	}
	current := viewQuery(f)
	nav := views.SavedViewsNav{AllURL: paths.Leads, AllActive: ok && current == ""}
	for _, v := range saved {
		link := views.SavedViewLink{
			Name: v.Name, URL: paths.WithQuery(paths.Leads, v.Query), Shared: v.Shared,
			Active: ok && v.Query == current,
		}
		if v.UserID == me {
			link.ManageURL = paths.SavedView(v.ID)
			nav.Own = append(nav.Own, link)
		} else {
			link.Owner = v.OwnerName
			nav.Shared = append(nav.Shared, link)
		}
	}
	save.CSRF = csrfToken(c)
	if ok {
		save.Filter = current
	}
	nav.Save = save
	return nav, nil
}

// viewQuery is the filter as a view keeps it: on its first page.
func viewQuery(f models.LeadFilter) string {
	f.Page = 1
	return f.Encode()
}

// postedFilter reads the list's filter that a form carries in its one field "filter"
// (LeadFilter.Encode), for the user posting it.
func postedFilter(c *fiber.Ctx) (models.LeadFilter, error) {
	q, err := url.ParseQuery(formValue(c, "filter"))
	if err != nil {
		return models.LeadFilter{}, refuse(fiber.StatusUnprocessableEntity, "The list's filters could not be read. Reload the list and try again.")
	}
	f, err := models.ParseLeadFilter(q.Get, currentUser(c).ID)
	if err != nil {
		return f, refuse(fiber.StatusUnprocessableEntity, "The list's filters could not be read. Reload the list and try again.")
	}
	return f, nil
}

// firstMessage is the first message of a validation error, or "" for any other error.
func firstMessage(err error) string {
	var ve *models.ValidationError
	if errors.As(err, &ve) && len(ve.Order) > 0 {
		return ve.Fields[ve.Order[0]]
	}
	return ""
}

// SaveView saves the list's filter as a view of the user's, shared with the team when
// asked. A refused name shows the list again with the message beside the field (422).
func (h *Handler) SaveView(c *fiber.Ctx) error {
	f, err := postedFilter(c)
	if err != nil {
		return err
	}
	name := models.NormalizeViewName(formValue(c, "name"))
	v := &models.SavedView{UserID: currentUser(c).ID, Name: name, Query: viewQuery(f), Shared: formValue(c, "shared") == "1"}
	err = v.Validate()
	if err == nil {
		err = h.store.CreateSavedView(c.UserContext(), v)
	}
	if msg := firstMessage(err); msg != "" {
		return h.renderLeads(c, f, nil, views.SaveViewForm{Name: displayText(name), Shared: v.Shared, Error: msg})
	}
	if err != nil {
		return err
	}
	if err := h.flash(c, "View “"+name+"” saved."); err != nil {
		return err
	}
	return c.Redirect(paths.WithQuery(paths.Leads, v.Query), fiber.StatusSeeOther)
}
