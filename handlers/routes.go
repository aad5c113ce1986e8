package handlers

import (
	"github.com/gofiber/fiber/v2"
)

// Routes lists every route of the site.
func (h *Handler) Routes(app *fiber.App) {
	app.Get("/healthz", h.Healthz)
	app.Get("/readyz", h.Readyz)
	app.Get("/assets/:name", h.Asset)
	app.Get("/favicon.ico", h.Favicon)

	// Public pages: no session is read or written for visitors.
	app.Get("/", h.Landing)
	app.Post("/leads", h.limitLeadPosts, h.CreateLead)
	app.Get("/thanks", h.Thanks)

	app.Get("/login", h.LoginPage)
	app.Post("/login", h.sameOrigin, h.Login)
	app.Get("/setup", h.SetupPage)
	app.Post("/setup", h.sameOrigin, h.Setup)

	protect := h.csrf()
	app.Post("/logout", h.requireStaff, protect, h.Logout)

	staff := app.Group("/app", h.requireStaff, protect)
	staff.Get("/", h.Dashboard)
	staff.Get("/leads", h.LeadsList)
	staff.Get("/leads.csv", h.LeadsCSV)
	staff.Get("/leads/new", h.NewLead)
	staff.Post("/leads", h.CreateLeadByHand)
	staff.Get("/leads/:id", h.ShowLead)
	staff.Get("/leads/:id/edit", h.EditLead)
	staff.Put("/leads/:id", h.UpdateLead)
	staff.Post("/leads/:id", h.UpdateLead) // the edit page without JavaScript
	staff.Delete("/leads/:id", h.DeleteLead)
	staff.Get("/leads/:id/delete", h.ConfirmDelete)
	staff.Post("/leads/:id/delete", h.DeleteLead)
	staff.Post("/leads/:id/status", h.SetStatus)
	staff.Post("/leads/:id/owner", h.SetOwner)
	staff.Post("/leads/:id/notes", h.AddNote)
	staff.Get("/account", h.Account)
	staff.Post("/account/password", h.ChangePassword)

	admin := staff.Group("/users", h.requireAdmin)
	admin.Get("/", h.Users)
	admin.Post("/", h.CreateUser)
	admin.Post("/:id/role", h.SetUserRole)
	admin.Post("/:id/active", h.SetUserActive)

	// No catch-all: Fiber answers a path no route has with 404, and a path that exists
	// with another method with 405 and Allow, both through ErrorHandler.
}
