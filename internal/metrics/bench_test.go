package metrics_test

import (
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/valyala/fasthttp"
)

// BenchmarkMiddleware is the cost of the metrics middleware per request: the same
// route served by a bare Fiber app with and without it.
func BenchmarkMiddleware(b *testing.B) {
	for _, bc := range []struct {
		name    string
		metrics bool
	}{{"without", false}, {"with", true}} {
		b.Run(bc.name, func(b *testing.B) {
			app := fiber.New(fiber.Config{DisableStartupMessage: true})
			if bc.metrics {
				app.Use(metrics.New().Middleware())
			}
			app.Use(func(c *fiber.Ctx) error { return c.Next() })
			app.Get("/app/leads/:id", func(c *fiber.Ctx) error { return c.SendString("ok") })
			h := app.Handler()
			var ctx fasthttp.RequestCtx
			ctx.Request.Header.SetMethod(fiber.MethodGet)
			ctx.Request.SetRequestURI("/app/leads/42")
			b.ReportAllocs()
			for b.Loop() {
				h(&ctx)
			}
			if ctx.Response.StatusCode() != fiber.StatusOK {
				b.Fatalf("status %d", ctx.Response.StatusCode())
			}
		})
	}
}
