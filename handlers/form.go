package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// formValue reads a field of a posted form from the request body only: the url-encoded
// body or a multipart form. Fiber's c.FormValue looks in the query string first, so a
// link could smuggle a value (a CSRF token, a status) into a POST that the form never
// carried; every handler reads posted fields through here instead.
func formValue(c *fiber.Ctx, key string) string {
	if v := c.Request().PostArgs().Peek(key); v != nil {
		return string(v)
	}
	if form, err := c.MultipartForm(); err == nil && form != nil {
		if vs := form.Value[key]; len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// displayText is s made fit to show back in a form: bytes that are not UTF-8 become
// U+FFFD. What is stored went through validation; this is for display only.
func displayText(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// formValues reads every value of a repeated field (checkboxes) from the request body
// only, like formValue.
func formValues(c *fiber.Ctx, key string) []string {
	var out []string
	for _, v := range c.Request().PostArgs().PeekMulti(key) {
		out = append(out, string(v))
	}
	if len(out) == 0 {
		if form, err := c.MultipartForm(); err == nil && form != nil {
			out = append(out, form.Value[key]...)
		}
	}
	return out
}
