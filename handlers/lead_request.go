package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// leadID reads :id; anything but a positive number is a lead that does not exist.
func leadID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// loadLead loads the lead named by :id.
func (h *Handler) loadLead(c *fiber.Ctx) (*models.Lead, error) {
	id, err := leadID(c)
	if err != nil {
		return nil, err
	}
	return h.store.Lead(c.UserContext(), id)
}

// leadEditForm reads the lead form's editable fields from the posted body, trimmed.
func leadEditForm(c *fiber.Ctx) models.LeadEdit {
	e := models.LeadEdit{
		LeadInput: models.LeadInput{
			Name: formValue(c, "name"), Email: formValue(c, "email"), Company: formValue(c, "company"),
			Phone: formValue(c, "phone"), Message: formValue(c, "message"),
		},
		NextActionAt: formValue(c, "next_action_at"),
	}
	e.Normalize()
	return e
}

// formVersion reads the version the editor saw.
func formVersion(c *fiber.Ctx) (int, bool) {
	v, err := strconv.Atoi(formValue(c, "version"))
	return v, err == nil && v > 0
}

// leadView is the part of the page a request wants back, read once: from the query of
// a GET, from the body of anything posted. Only htmx gets a row or a card; everyone
// else gets the whole page.
func leadView(c *fiber.Ctx) views.LeadView {
	var raw string
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead:
		raw = c.Query(views.ViewParam)
	default:
		raw = formValue(c, views.ViewParam)
	}
	if v := views.ParseLeadView(raw); v != views.ViewPage && wantsFragment(c) {
		return v
	}
	return views.ViewPage
}

// queryGetter reads query parameters one at a time.
func queryGetter(c *fiber.Ctx) func(string) string {
	return func(k string) string { return c.Query(k) }
}
