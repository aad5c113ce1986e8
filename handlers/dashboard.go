package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/views"
)

// Dashboard is the workspace's first page: how many leads there are and the newest.
func (h *Handler) Dashboard(c *fiber.Ctx) error {
	total, err := h.store.CountLeads(c.UserContext())
	if err != nil {
		return err
	}
	recent, err := h.store.RecentLeads(c.UserContext(), 10)
	if err != nil {
		return err
	}
	vm := views.Dashboard{App: h.appPage(c, "Dashboard", "dashboard"), Total: total}
	for _, l := range recent {
		vm.Recent = append(vm.Recent, views.LeadRow{
			ID: l.ID, Name: l.Name, Email: l.Email, Company: l.Company, Status: string(l.Status),
			Created: l.CreatedAt.UTC().Format("2 Jan 2006 15:04"),
		})
	}
	return render(c, fiber.StatusOK, views.DashboardPage(vm))
}
