package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/internal/zones"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// SetTimeZone stores the zone the signed-in user reads dates in: an IANA name, or ""
// for the site's. An unknown name is refused with 422 and nothing changes.
func (h *Handler) SetTimeZone(c *fiber.Ctx) error {
	user := currentUser(c)
	chosen := formValue(c, "time_zone")
	name, loc, err := models.ParseTimeZone(chosen)
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		vm := views.Account{App: h.appPage(c, "Your account", "account"), TimeZone: h.timeZoneForm(c, chosen, ve)}
		return render(c, fiber.StatusUnprocessableEntity, views.AccountPage(vm))
	}
	if err := h.store.SetTimeZone(c.UserContext(), user.ID, name); err != nil {
		return err
	}
	if loc == nil {
		loc = h.zoneOf(nil)
	}
	if err := h.flash(c, "Dates are now shown in "+loc.String()+"."); err != nil {
		return err
	}
	return c.Redirect(paths.Account, fiber.StatusSeeOther)
}

// timeZoneForm is the account page's time zone form with chosen selected: the site's
// zone first, then every zone of the database by area and city.
func (h *Handler) timeZoneForm(c *fiber.Ctx, chosen string, ve *models.ValidationError) views.TimeZoneForm {
	site := h.zoneOf(nil)
	now := h.now(c)
	f := views.TimeZoneForm{
		Current: now.Location().String(),
		Now:     now.Format("15:04 on Monday 2 January"),
		Zones:   []views.Option{{Value: "", Label: "The site's zone (" + site.String() + ")", Selected: chosen == ""}},
	}
	for _, n := range zones.Names() {
		f.Zones = append(f.Zones, views.Option{Value: n, Label: n, Selected: n == chosen})
	}
	if ve != nil {
		f.Errors, f.ErrorOrder = ve.Fields, ve.Order
	}
	return f
}
