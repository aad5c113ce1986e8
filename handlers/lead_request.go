package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/models"
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

// leadEditForm reads the lead form's editable fields, trimmed.
func leadEditForm(c *fiber.Ctx) models.LeadEdit {
	e := models.LeadEdit{
		LeadInput: models.LeadInput{
			Name: c.FormValue("name"), Email: c.FormValue("email"), Company: c.FormValue("company"),
			Phone: c.FormValue("phone"), Message: c.FormValue("message"),
		},
		NextActionAt: c.FormValue("next_action_at"),
	}
	e.Normalize()
	return e
}

// formVersion reads the version the editor saw.
func formVersion(c *fiber.Ctx) (int, bool) {
	v, err := strconv.Atoi(c.FormValue("version"))
	return v, err == nil && v > 0
}

// view is which part of the page a request wants back: "row" (the list), "card" (the
// lead's page), or "" for a whole page. Only htmx gets parts.
func view(c *fiber.Ctx) string {
	v := c.Query("view")
	if v == "" {
		v = c.FormValue("view")
	}
	if (v == "row" || v == "card") && wantsFragment(c) {
		return v
	}
	return ""
}

// queryGetter reads query parameters one at a time.
func queryGetter(c *fiber.Ctx) func(string) string {
	return func(k string) string { return c.Query(k) }
}
