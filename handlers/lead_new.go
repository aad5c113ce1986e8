package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// NewLead is the form that enters a lead by hand.
func (h *Handler) NewLead(c *fiber.Ctx) error {
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	me := currentUser(c).ID
	return render(c, fiber.StatusOK, views.NewLeadPageView(views.NewLeadPage{
		App: h.appPage(c, "New lead", "leads"), Status: statusOptions(models.StatusNew, false),
		Owners: ownerOptions(users, &me),
	}))
}

// CreateLeadByHand stores a lead entered by staff, validated like the landing form and
// like a lead created through the API (models.StaffLead).
func (h *Handler) CreateLeadByHand(c *fiber.Ctx) error {
	edit := leadEditForm(c)
	sl := models.StaffLead{LeadEdit: edit, Status: models.Status(formValue(c, "status"))}
	ve := validationOf(sl.Validate())
	users, err := h.store.Users(c.UserContext())
	if err != nil {
		return err
	}
	var owner *int64
	if raw := formValue(c, "owner_id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		valid := false
		for _, u := range users {
			valid = valid || (err == nil && u.ID == id && u.Active)
		}
		if !valid {
			ve.Add("owner_id", "Choose an owner from the list")
		} else {
			owner = &id
		}
	}
	if ve.Err() != nil {
		return render(c, fiber.StatusUnprocessableEntity, views.NewLeadPageView(views.NewLeadPage{
			App: h.appPage(c, "New lead", "leads"),
			Values: views.LeadEditValues{Name: edit.Name, Email: edit.Email, Company: edit.Company, Phone: edit.Phone,
				Message: edit.Message, NextActionAt: edit.NextActionAt},
			Status: statusOptions(sl.Status, false), Owners: ownerOptions(users, owner),
			Errors: ve.Fields, ErrorOrder: ve.Order,
		}))
	}
	l := sl.NewLead(currentUser(c).ID, owner)
	if _, err := h.store.CreateLead(c.UserContext(), l); err != nil {
		return err
	}
	if err := h.flash(c, "Lead added."); err != nil {
		return err
	}
	return c.Redirect(paths.Lead(l.ID), fiber.StatusSeeOther)
}
