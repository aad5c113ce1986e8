package handlers

import (
	"encoding/json"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// sessBulk keeps the outcome of the last bulk action for its result page.
const sessBulk = "bulk"

// BulkApply applies a confirmed bulk action to each lead still at the version the
// person loaded, and sends them to the result page (303), which lists the leads that
// changed meanwhile and were left alone.
func (h *Handler) BulkApply(c *fiber.Ctx) error {
	r, err := h.parseBulk(c)
	if err != nil {
		return err
	}
	if len(r.items) == 0 {
		return errNoSelection
	}
	me := currentUser(c).ID
	var res models.BulkResult
	switch r.action {
	case models.BulkSetStatus:
		res, err = h.store.BulkUpdateLeads(c.UserContext(), r.items, me, func(l *models.Lead) { l.Status = r.status })
	case models.BulkSetOwner:
		res, err = h.store.BulkUpdateLeads(c.UserContext(), r.items, me, func(l *models.Lead) { l.OwnerID = r.owner })
	case models.BulkDelete:
		res, err = h.store.BulkDeleteLeads(c.UserContext(), r.items)
	}
	h.log.Info("bulk change", "action", string(r.action), "selected", len(r.items), "changed", len(res.Changed),
		"conflicts", len(res.Conflicts), "by", me, "request_id", requestID(c))
	if err != nil {
		return err
	}
	out, err := h.bulkOutcome(c, r, res)
	if err != nil {
		return err
	}
	if err := h.keepBulkOutcome(c, out); err != nil {
		return err
	}
	return c.Redirect(paths.LeadsBulkResult, fiber.StatusSeeOther)
}

// bulkOutcome is what the result page says about res.
func (h *Handler) bulkOutcome(c *fiber.Ctx, r bulkRequest, res models.BulkResult) (views.BulkOutcome, error) {
	out := views.BulkOutcome{
		Changed: len(res.Changed), Unchanged: len(res.Unchanged), Missing: len(res.Missing),
		Erased:        len(res.Erased),
		ConflictCount: len(res.Conflicts), BackURL: listURL(r.filter),
	}
	leads := views.CountOf(len(res.Changed), "lead")
	switch {
	case len(res.Changed) == 0:
		out.Summary = "No lead was changed."
	case r.action == models.BulkSetStatus:
		out.Summary = "Status set to " + r.status.Label() + " on " + leads + "."
	case r.action == models.BulkSetOwner:
		owner, err := h.ownerName(c, r.owner)
		if err != nil {
			return out, err
		}
		out.Summary = "Owner set to " + owner + " on " + leads + "."
	default:
		out.Summary = leads + " deleted."
	}
	for _, cf := range res.Conflicts[:min(len(res.Conflicts), bulkShown)] {
		out.Conflicts = append(out.Conflicts, views.BulkLead{Name: cf.Lead.Name, URL: paths.Lead(cf.Lead.ID), By: cf.By})
	}
	out.ConflictsMore = len(res.Conflicts) - len(out.Conflicts)
	return out, nil
}

// keepBulkOutcome stores the outcome in the session for the result page.
func (h *Handler) keepBulkOutcome(c *fiber.Ctx, out views.BulkOutcome) error {
	raw, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("bulk outcome: %w", err)
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return fmt.Errorf("load session: %w: %w", models.ErrUnavailable, err)
	}
	sess.Set(sessBulk, string(raw))
	if err := sess.Save(); err != nil {
		return fmt.Errorf("save session: %w: %w", models.ErrUnavailable, err)
	}
	return nil
}

// BulkResult shows what the last bulk action did. It stays until the next one, so a
// reload shows it again; with none, the list is the place to start one.
func (h *Handler) BulkResult(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return fmt.Errorf("load session: %w: %w", models.ErrUnavailable, err)
	}
	raw, _ := sess.Get(sessBulk).(string)
	var out views.BulkOutcome
	if raw == "" || json.Unmarshal([]byte(raw), &out) != nil {
		return c.Redirect(paths.Leads, fiber.StatusSeeOther)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return render(c, fiber.StatusOK, views.BulkResultView(views.BulkResultPage{App: h.appPage(c, "Bulk change done", "leads"), Outcome: out}))
}
