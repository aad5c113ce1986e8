package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
)

// Lead form limit: posts per client address per window.
const (
	leadPostsPerWindow = 10
	leadPostWindow     = time.Minute
)

// Routes lists every route of the site.
func (h *Handler) Routes(app *fiber.App) {
	app.Get("/healthz", h.Healthz)
	app.Get("/readyz", h.Readyz)
	app.Get("/assets/:name", h.Asset)
	app.Get("/favicon.ico", h.Favicon)

	app.Get("/", h.Landing)
	app.Post("/leads", limiter.New(limiter.Config{
		Max:        leadPostsPerWindow,
		Expiration: leadPostWindow,
		// h.ips.IP(c) believes X-Forwarded-For only from LEADLINE_TRUSTED_PROXIES (see
		// server.New), so a client cannot escape the limit by making up addresses.
		KeyGenerator: func(c *fiber.Ctx) string { return "lead:" + h.ips.IP(c) },
		LimitReached: h.leadLimitReached,
		Storage:      h.limits,
	}), h.CreateLead)
	app.Get("/thanks", h.Thanks)

	app.Use(h.NotFound)
}
