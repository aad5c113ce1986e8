package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// readyTimeout bounds each readiness check, so a hung database answers 503 quickly.
const readyTimeout = 2 * time.Second

// Healthz answers 200 while the process serves (liveness).
func (h *Handler) Healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok"})
}

// Readyz answers 200 while the database and the session storage answer, else 503.
func (h *Handler) Readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	checks := fiber.Map{}
	ready := true
	for name, p := range map[string]Pinger{"database": h.store, "sessions": h.sessionStorage} {
		if p == nil {
			continue
		}
		ctx, cancel := context.WithTimeout(c.UserContext(), readyTimeout)
		err := p.Ping(ctx)
		cancel()
		if err != nil {
			ready = false
			checks[name] = "unavailable"
			h.log.Warn("readiness check failed", "check", name, "err", err, "request_id", requestID(c))
			continue
		}
		checks[name] = "ok"
	}
	if !ready {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "checks": checks})
	}
	return c.JSON(fiber.Map{"status": "ok", "checks": checks})
}
