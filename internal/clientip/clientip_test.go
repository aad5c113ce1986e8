package clientip

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

func TestIP(t *testing.T) {
	// app.Test connects from 0.0.0.0.
	cases := []struct {
		name    string
		trusted []string
		xff     string
		want    string
	}{
		{"NoProxyIgnoresHeader", nil, "203.0.113.9", "0.0.0.0"},
		{"TrustedProxy", []string{"0.0.0.0/32"}, "203.0.113.9", "203.0.113.9"},
		{"ForgedLeftmostIgnored", []string{"0.0.0.0"}, "10.1.1.1, 203.0.113.9", "203.0.113.9"},
		{"ChainOfTrustedProxies", []string{"0.0.0.0/32", "10.0.0.0/8"}, "203.0.113.9, 10.0.0.2", "203.0.113.9"},
		{"GarbageStopsTheChain", []string{"0.0.0.0/32"}, "203.0.113.9, nonsense", "0.0.0.0"},
		{"NoHeader", []string{"0.0.0.0/32"}, "", "0.0.0.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := New(tc.trusted)
			if err != nil {
				t.Fatal(err)
			}
			app := fiber.New()
			app.Get("/", func(c *fiber.Ctx) error { return c.SendString(r.IP(c)) })
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tc.xff != "" {
				req.Header.Set("X-Forwarded-For", tc.xff)
			}
			resp, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 64)
			n, _ := resp.Body.Read(buf)
			if got := string(buf[:n]); got != tc.want {
				t.Errorf("IP = %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := New([]string{"nope"}); err == nil {
		t.Error("bad proxy accepted")
	}
}
