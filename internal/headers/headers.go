// Package headers is the one definition of the security headers Leadline sends. The
// same list goes on every answer: pages and assets through the middleware, and the
// answers the HTTP server raises itself (413, 431, 408, 400) through the error handler,
// which no middleware runs before.
package headers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// Values of the headers that other code refers to.
const (
	// CSP allows only the site's own files: no inline scripts or styles, no framing.
	CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'"
	// HSTSMaxAge is one year of Strict-Transport-Security over HTTPS.
	HSTSMaxAge = 365 * 24 * 3600
	// ReferrerPolicy keeps the full URL within the site (Fiber's CSRF check needs the
	// Referer over HTTPS, and a no-referrer policy would fail every staff form) and
	// sends only the origin elsewhere.
	ReferrerPolicy = "strict-origin-when-cross-origin"
	// PermissionsPolicy turns off powerful features the site never uses.
	PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=()"
)

// Security sets the security headers. It replaces Fiber's helmet middleware, which can
// only run as a step of the chain (it calls c.Next) and so never reached the answers the
// HTTP server raises before the chain: those went out with half the headers.
type Security struct {
	always [][2]string
	hsts   string // "" unless the site is served over HTTPS
}

// New builds the headers; https turns on Strict-Transport-Security for requests that
// arrive over HTTPS.
func New(https bool) *Security {
	s := &Security{always: [][2]string{
		{fiber.HeaderContentSecurityPolicy, CSP},
		{fiber.HeaderXContentTypeOptions, "nosniff"},
		{fiber.HeaderXFrameOptions, "DENY"},
		{fiber.HeaderReferrerPolicy, ReferrerPolicy},
		{fiber.HeaderPermissionsPolicy, PermissionsPolicy},
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{"Cross-Origin-Embedder-Policy", "require-corp"},
		{"Cross-Origin-Resource-Policy", "same-origin"},
		{"Origin-Agent-Cluster", "?1"},
		{fiber.HeaderXXSSProtection, "0"},
		{"X-DNS-Prefetch-Control", "off"},
		{"X-Download-Options", "noopen"},
		{"X-Permitted-Cross-Domain-Policies", "none"},
	}}
	if https {
		s.hsts = "max-age=" + strconv.Itoa(HSTSMaxAge)
	}
	return s
}

// Names lists the headers Apply always sets, for tests that check every answer.
func (s *Security) Names() []string {
	out := make([]string, 0, len(s.always))
	for _, h := range s.always {
		out = append(out, h[0])
	}
	return out
}

// Apply sets the headers on c's response.
func (s *Security) Apply(c *fiber.Ctx) {
	h := &c.Response().Header
	for _, kv := range s.always {
		h.Set(kv[0], kv[1])
	}
	if s.hsts != "" && c.Protocol() == "https" {
		h.Set(fiber.HeaderStrictTransportSecurity, s.hsts)
	}
}

// Handler is the middleware that applies the headers to every answer of the chain.
func (s *Security) Handler() fiber.Handler {
	return func(c *fiber.Ctx) error {
		s.Apply(c)
		return c.Next()
	}
}
