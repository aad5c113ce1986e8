package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
)

// Routes lists every route of the site. The paths come from package paths, which
// also builds the links to them.
func (h *Handler) Routes(app *fiber.App) {
	app.Get(paths.Healthz, h.Healthz)
	app.Get(paths.Readyz, h.Readyz)
	app.Get(paths.AssetPattern, h.Asset)
	app.Get(paths.Favicon, h.Favicon)

	// Public pages: no session is read or written for visitors.
	app.Get(paths.Landing, h.Landing)
	app.Post(paths.LandingForm, h.CreateLead)
	app.Get(paths.Thanks, h.Thanks)

	app.Get(paths.Login, h.LoginPage)
	app.Post(paths.Login, h.sameOrigin, h.Login)
	app.Get(paths.Setup, h.SetupPage)
	app.Post(paths.Setup, h.sameOrigin, h.Setup)

	protect := h.csrf()
	app.Post(paths.Logout, h.requireStaff, protect, h.Logout)

	// The live stream checks its own session: without one it answers 401 (an event
	// stream cannot follow a redirect to sign in), and it checks again as it runs.
	app.Get(paths.Live, h.Live)

	// Everything under the workspace, known path or not, needs a staff session and
	// the CSRF check (the middleware matches the prefix, as a group's would).
	app.Use(paths.Workspace, h.requireStaff, protect)
	app.Get(paths.Dashboard, h.Dashboard)
	app.Get(paths.Leads, h.LeadsList)
	app.Get(paths.LeadsCSV, h.LeadsCSV)
	app.Get(paths.NewLead, h.NewLead)
	h.listRoutes(app)
	app.Post(paths.Leads, h.CreateLeadByHand)
	app.Get(paths.LeadPattern, h.ShowLead)
	app.Get(paths.LeadEditPattern, h.EditLead)
	app.Put(paths.LeadPattern, h.UpdateLead)
	app.Post(paths.LeadPattern, h.UpdateLead) // the edit page without JavaScript
	app.Delete(paths.LeadPattern, h.DeleteLead)
	app.Get(paths.LeadDeletePattern, h.ConfirmDelete)
	app.Post(paths.LeadDeletePattern, h.DeleteLead)
	app.Post(paths.LeadStatusPattern, h.SetStatus)
	app.Post(paths.LeadOwnerPattern, h.SetOwner)
	app.Post(paths.LeadNotesPattern, h.AddNote)
	app.Get(paths.LeadErasePattern, h.ConfirmErase)
	app.Post(paths.LeadErasePattern, h.EraseLead)
	app.Get(paths.Account, h.Account)
	app.Post(paths.AccountPassword, h.ChangePassword)
	app.Post(paths.AccountTimeZone, h.SetTimeZone)
	app.Get(paths.AccountTokens, h.Tokens)
	app.Post(paths.AccountTokens, h.CreateToken)
	app.Delete(paths.AccountTokenPattern, h.RevokeToken)
	app.Post(paths.AccountTokenDeletePattern, h.RevokeToken)

	h.adminRoutes(app)
	h.apiRoutes(app)

	// No catch-all: Fiber answers a path no route has with 404, and a path that exists
	// with another method with 405 and Allow, both through ErrorHandler.
}

// adminRoutes are the admins' part of the workspace: staff accounts, the mail queue,
// webhooks and the export of one person's data. They sit under the workspace, so
// requireStaff and the CSRF check have run before requireAdmin.
func (h *Handler) adminRoutes(app *fiber.App) {
	app.Use(paths.Users, h.requireAdmin)
	app.Get(paths.Users, h.Users)
	app.Post(paths.Users, h.CreateUser)
	app.Post(paths.UserRolePattern, h.SetUserRole)
	app.Post(paths.UserActivePattern, h.SetUserActive)
	app.Use(paths.Admin, h.requireAdmin)
	app.Get(paths.AdminMail, h.AdminMail)
	app.Post(paths.AdminMailRetryPattern, h.RetryMail)
	app.Get(paths.AdminExport, h.ExportPage)
	app.Post(paths.AdminExport, h.Export)
	app.Get(paths.AdminWebhooks, h.AdminWebhooks)
	app.Post(paths.AdminWebhooks, h.CreateWebhook)
	app.Get(paths.AdminWebhookPattern, h.AdminWebhook)
	app.Post(paths.AdminWebhookTestPattern, h.SendTestEvent)
	app.Post(paths.AdminWebhookActivePattern, h.SetWebhookActive)
	app.Post(paths.AdminWebhookDeletePattern, h.DeleteWebhook)
	app.Post(paths.AdminWebhookRedeliverPattern, h.Redeliver)
}

// listRoutes are the list's bulk actions and saved views. Routes registers them before
// the lead's own paths: /app/leads/:id would otherwise take /app/leads/bulk.
func (h *Handler) listRoutes(app *fiber.App) {
	app.Post(paths.LeadsBulk, h.BulkConfirm)
	app.Post(paths.LeadsBulkApply, h.BulkApply)
	app.Get(paths.LeadsBulkResult, h.BulkResult)
	app.Post(paths.SavedViews, h.SaveView)
	app.Get(paths.SavedViewPattern, h.SavedViewPage)
	app.Post(paths.SavedViewPattern, h.RenameView)
	app.Post(paths.SavedViewSharePattern, h.ShareView)
	app.Post(paths.SavedViewDeletePattern, h.DeleteView)
}
