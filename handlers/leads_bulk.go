package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// bulkShown is how many leads the confirm and result pages name; the rest are counted.
const bulkShown = 50

// bulkRequest is a bulk action as posted, by the list's form or its confirm page.
type bulkRequest struct {
	action models.BulkAction
	status models.Status
	// owner is the new owner (nil for nobody); ownerRaw the choice as posted.
	owner    *int64
	ownerRaw string
	// filter is the list's, for "all that match" and the way back.
	filter models.LeadFilter
	items  []models.BulkItem
	all    bool
}

// errNoSelection refuses a bulk action with nothing to act on.
var errNoSelection = refuse(fiber.StatusUnprocessableEntity,
	"Select at least one lead with the boxes in the first column, or choose all that match.")

// parseBulk reads a bulk action, refusing (422, with the reason) anything it cannot do.
func (h *Handler) parseBulk(c *fiber.Ctx) (bulkRequest, error) {
	var r bulkRequest
	var err error
	if r.filter, err = postedFilter(c); err != nil {
		return r, err
	}
	r.action = models.BulkAction(formValue(c, "action"))
	switch r.action {
	case models.BulkSetStatus:
		r.status = models.Status(formValue(c, "status"))
		if !r.status.Valid() {
			return r, refuse(fiber.StatusUnprocessableEntity, "Choose a status from the list.")
		}
	case models.BulkSetOwner:
		r.ownerRaw = formValue(c, "owner_id")
		if r.owner, err = h.ownerChoice(c, r.ownerRaw); err != nil {
			return r, err
		}
	case models.BulkDelete:
	default:
		return r, refuse(fiber.StatusUnprocessableEntity, "Choose what to do with the selected leads: set a status, set an owner or delete them.")
	}
	r.all = formValue(c, "all") == "1"
	if r.items, err = models.ParseBulkItems(formValues(c, "ids")); err != nil {
		return r, refuse(fiber.StatusUnprocessableEntity, firstMessage(err))
	}
	return r, nil
}

// BulkConfirm is the step before a bulk action: it names the leads and asks again.
// "All that match" takes the filter's leads at the versions they have now, up to
// models.MaxBulk; past it the person is asked to narrow the filter.
func (h *Handler) BulkConfirm(c *fiber.Ctx) error {
	r, err := h.parseBulk(c)
	if err != nil {
		return err
	}
	leads, err := h.bulkSelection(c, &r)
	if err != nil {
		return err
	}
	if len(leads) == 0 {
		return errNoSelection
	}
	question, button, err := h.bulkWords(c, r, len(leads))
	if err != nil {
		return err
	}
	vm := views.BulkConfirm{
		App: h.appPage(c, question, "leads"), Question: question, Button: button, Danger: r.action == models.BulkDelete,
		Action: string(r.action), Status: string(r.status), OwnerID: r.ownerRaw,
		Filter: r.filter.Encode(), BackURL: listURL(r.filter), CSRF: csrfToken(c),
	}
	for _, it := range r.items {
		vm.Items = append(vm.Items, it.String())
	}
	for i := range leads[:min(len(leads), bulkShown)] {
		vm.Leads = append(vm.Leads, views.BulkLead{Name: leads[i].Name, URL: paths.Lead(leads[i].ID)})
	}
	vm.More = len(leads) - len(vm.Leads)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return render(c, fiber.StatusOK, views.BulkConfirmPage(vm))
}

// bulkSelection loads the selected leads that exist and sets r.items to them: the
// checked rows at the versions the person loaded, or every lead that matches.
func (h *Handler) bulkSelection(c *fiber.Ctx, r *bulkRequest) ([]models.Lead, error) {
	if r.all {
		leads, total, err := h.store.MatchingLeads(c.UserContext(), r.filter, h.now(c), models.MaxBulk)
		if err != nil {
			return nil, err
		}
		if total > models.MaxBulk {
			return nil, refuse(fiber.StatusUnprocessableEntity, firstMessage(models.TooManyForBulk(total)))
		}
		r.items = r.items[:0]
		for _, l := range leads {
			r.items = append(r.items, models.BulkItem{ID: l.ID, Version: l.Version})
		}
		return leads, nil
	}
	loaded := make(map[int64]int, len(r.items))
	ids := make([]int64, 0, len(r.items))
	for _, it := range r.items {
		loaded[it.ID] = it.Version
		ids = append(ids, it.ID)
	}
	leads, err := h.store.LeadsByID(c.UserContext(), ids)
	if err != nil {
		return nil, err
	}
	r.items = r.items[:0]
	for _, l := range leads {
		r.items = append(r.items, models.BulkItem{ID: l.ID, Version: loaded[l.ID]})
	}
	return leads, nil
}

// bulkWords are the confirm page's question and button: "Set status to Won on 12
// leads?", "Set status on 12 leads".
func (h *Handler) bulkWords(c *fiber.Ctx, r bulkRequest, n int) (question, button string, err error) {
	leads := views.CountOf(n, "lead")
	switch r.action {
	case models.BulkSetStatus:
		return "Set status to " + r.status.Label() + " on " + leads + "?", "Set status on " + leads, nil
	case models.BulkSetOwner:
		owner, err := h.ownerName(c, r.owner)
		return "Set owner to " + owner + " on " + leads + "?", "Set owner on " + leads, err
	}
	return "Delete " + leads + "?", "Delete " + leads, nil
}

// ownerName is how a chosen owner reads: their name, or "nobody".
func (h *Handler) ownerName(c *fiber.Ctx, id *int64) (string, error) {
	if id == nil {
		return "nobody", nil
	}
	u, err := h.store.UserByID(c.UserContext(), *id)
	if err != nil {
		return "", err
	}
	return u.Name, nil
}
