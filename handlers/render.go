package handlers

import (
	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"
)

// render writes a component as the HTML response with the given status.
func render(c *fiber.Ctx, status int, component templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return component.Render(c.UserContext(), c.Response().BodyWriter())
}

// wantsFragment decides, in one place, whether a request gets a fragment or the whole
// page: htmx requests get fragments, but boosted links and history restores (which also
// carry HX-Request) need the whole page. The answer depends on these headers, so
// caches are told so.
func wantsFragment(c *fiber.Ctx) bool {
	c.Vary("HX-Request", "HX-Boosted", "HX-History-Restore-Request")
	return c.Get("HX-Request") == "true" &&
		c.Get("HX-Boosted") != "true" &&
		c.Get("HX-History-Restore-Request") != "true"
}
