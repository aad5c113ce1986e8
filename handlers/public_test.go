package handlers_test

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/testdb"
)

func TestRateLimit(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		t.Run("EleventhPostGets429", func(t *testing.T) {
			s := apptest.New(t, dialect, nil)
			for i := 0; i < 10; i++ {
				key := fmt.Sprintf("%022d", i)
				if resp := s.PostForm("/leads", with(validLead(), "form_key", key)); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("post %d: status %d", i+1, resp.StatusCode)
				}
			}
			// A client may not escape the limit by making up forwarded addresses.
			resp := s.PostForm("/leads", with(validLead(), "name", "Eleventh", "form_key", "CCCCCCCCCCCCCCCCCCCCCC"),
				"HX-Request", "true", "X-Forwarded-For", "198.51.100.7")
			if resp.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("11th post: status %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			if v, _ := doc.Find("#name").Attr("value"); v != "Eleventh" {
				t.Errorf("typed values lost at 429: name %q", v)
			}
			if doc.Find("[data-testid=form-notice]").Length() != 1 {
				t.Error("no notice at 429")
			}
			if n := len(leads(t, s)); n != 10 {
				t.Errorf("%d leads, want 10", n)
			}
		})

		t.Run("TrustedProxyClientsCountedApart", func(t *testing.T) {
			s := apptest.New(t, dialect, map[string]string{"LEADLINE_TRUSTED_PROXIES": "0.0.0.0/32"})
			post := func(i int, xff string) int {
				return s.PostForm("/leads", with(validLead(), "form_key", fmt.Sprintf("%022d", i)), "X-Forwarded-For", xff).StatusCode
			}
			for i := 0; i < 10; i++ {
				if got := post(i, "198.51.100.1"); got != http.StatusSeeOther {
					t.Fatalf("post %d: %d", i, got)
				}
			}
			if got := post(10, "198.51.100.1"); got != http.StatusTooManyRequests {
				t.Errorf("client 1's 11th post: %d", got)
			}
			// The client is the rightmost address our proxy did not add: a forged
			// leftmost entry changes nothing.
			if got := post(11, "10.9.9.9, 198.51.100.1"); got != http.StatusTooManyRequests {
				t.Errorf("forged leftmost entry escaped the limit: %d", got)
			}
			if got := post(12, "198.51.100.2"); got != http.StatusSeeOther {
				t.Errorf("client 2 was limited: %d", got)
			}
		})
	})
}

func TestErrors(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)

		t.Run("NotFoundPage", func(t *testing.T) {
			resp := s.Get("/no/such/page")
			if resp.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("content type %q", ct)
			}
			if resp.Header.Get("Content-Security-Policy") == "" {
				t.Error("404 page without CSP")
			}
			doc := apptest.Doc(t, resp)
			if doc.Find("[data-testid=error-page]").Length() != 1 || doc.Find("a[href='/']").Length() == 0 {
				t.Error("not the site's own 404 page")
			}
		})

		t.Run("NotFoundAPI", func(t *testing.T) {
			resp := s.Get("/api/v1/nothing")
			if resp.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d", resp.StatusCode)
			}
			var body struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Error.Code != "not_found" {
				t.Errorf("body %+v, err %v", body, err)
			}
		})

		t.Run("AssetPathTraversal", func(t *testing.T) {
			if resp := s.Get("/assets/../../etc/passwd"); resp.StatusCode != http.StatusNotFound {
				t.Errorf("status %d", resp.StatusCode)
			}
		})

		t.Run("MethodNotAllowedSaysWhichAre", func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodDelete, "/leads", nil)
			resp := s.Do(req)
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
				t.Errorf("status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
			}
		})
	})
}

func TestInternalErrorPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		// Closing the pool under the running site makes every query fail with an error
		// that is not an outage: a bug, as far as the handler can tell.
		s.Store.Close()
		resp := s.PostForm("/leads", validLead())
		if resp.StatusCode != http.StatusInternalServerError {
			t.Fatalf("status %d", resp.StatusCode)
		}
		rid := resp.Header.Get("X-Request-ID")
		body := apptest.Body(t, resp)
		if !strings.Contains(body, "Something went wrong") || strings.Contains(body, "sql:") {
			t.Errorf("500 page: %q", body)
		}
		if rid == "" || !strings.Contains(s.Logs.String(), rid) {
			t.Errorf("the failure is not logged with its request id %q", rid)
		}
		// The process still serves.
		if resp := s.Get("/healthz"); resp.StatusCode != http.StatusOK {
			t.Errorf("healthz after a failure: %d", resp.StatusCode)
		}
	})
}

func TestDatabaseOutage(t *testing.T) {
	db := testdb.New(t, "postgres")
	proxy, viaProxy := testdb.NewProxy(t, db.URL)
	db.URL = viaProxy
	s := apptest.NewOn(t, db, nil)

	proxy.Down()
	for _, htmx := range []bool{true, false} {
		headers := []string{}
		if htmx {
			headers = []string{"HX-Request", "true"}
		}
		resp := s.PostForm("/leads", validLead(), headers...)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("htmx=%v: status %d during an outage", htmx, resp.StatusCode)
		}
		doc := apptest.Doc(t, resp)
		if v, _ := doc.Find("#name").Attr("value"); v != "Ada Lovelace" {
			t.Errorf("htmx=%v: typed name lost: %q", htmx, v)
		}
		if v := doc.Find("#message").Text(); !strings.Contains(v, "40 seats") {
			t.Errorf("htmx=%v: typed message lost: %q", htmx, v)
		}
		if doc.Find("[data-testid=form-notice]").Length() != 1 {
			t.Errorf("htmx=%v: no notice", htmx)
		}
	}
	if resp := s.Get("/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz during an outage: %d", resp.StatusCode)
	}
	if resp := s.Get("/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("healthz during an outage: %d", resp.StatusCode)
	}

	// The retry after the outage stores the lead once.
	proxy.Up()
	for i := 0; i < 2; i++ {
		if resp := s.PostForm("/leads", validLead()); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("retry %d: status %d", i, resp.StatusCode)
		}
	}
	if n := len(leads(t, s)); n != 1 {
		t.Errorf("%d leads after retries, want 1", n)
	}
	if resp := s.Get("/readyz"); resp.StatusCode != http.StatusOK {
		t.Errorf("readyz after the outage: %d", resp.StatusCode)
	}
}

func TestHealth(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		for _, path := range []string{"/healthz", "/readyz"} {
			resp := s.Get(path)
			var body map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if resp.StatusCode != http.StatusOK || body["status"] != "ok" {
				t.Errorf("%s: %d %v", path, resp.StatusCode, body)
			}
		}
	})
}

func TestAssets(t *testing.T) {
	s := apptest.New(t, "sqlite", nil)
	doc := apptest.Doc(t, s.Get("/"))
	css, _ := doc.Find("link[rel=stylesheet]").First().Attr("href")
	js, _ := doc.Find("script[src*=htmx]").Attr("src")
	for _, u := range []string{css, js} {
		if !strings.HasPrefix(u, "/assets/") || strings.Count(u, ".") < 2 {
			t.Fatalf("asset URL is not fingerprinted: %q", u)
		}
	}

	t.Run("ImmutableAndCompressed", func(t *testing.T) {
		resp := s.Get(css, "Accept-Encoding", "gzip")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("Cache-Control %q", cc)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
			t.Errorf("Content-Type %q", ct)
		}
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("not compressed: %q", resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(zr)
		if !strings.Contains(string(b), "--tw-") {
			t.Error("decompressed CSS is not Tailwind's output")
		}
	})

	t.Run("PlainNameRevalidates", func(t *testing.T) {
		resp := s.Get("/assets/app.css")
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || etag == "" || strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Fatalf("status %d etag %q cache %q", resp.StatusCode, etag, resp.Header.Get("Cache-Control"))
		}
		if resp := s.Get("/assets/app.css", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: %d", resp.StatusCode)
		}
	})

	t.Run("Favicon", func(t *testing.T) {
		resp := s.Get("/favicon.ico")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/x-icon" {
			t.Errorf("status %d type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	})

	t.Run("UnknownAsset", func(t *testing.T) {
		if resp := s.Get("/assets/app.0000000000.css"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

// TestRateLimitSharedByInstances posts through two instances on one PostgreSQL: the
// limit counts the client's posts on both.
func TestRateLimitSharedByInstances(t *testing.T) {
	a := apptest.New(t, "postgres", nil)
	b := apptest.NewOn(t, a.DB, nil)
	for i := 0; i < 10; i++ {
		site := a
		if i%2 == 1 {
			site = b
		}
		if resp := site.PostForm("/leads", with(validLead(), "form_key", fmt.Sprintf("%022d", i))); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("post %d: %d", i, resp.StatusCode)
		}
	}
	resp := b.PostForm("/leads", with(validLead(), "form_key", fmt.Sprintf("%022d", 10)))
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("11th post on the other instance: %d", resp.StatusCode)
	}
	if ra := resp.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After %q", ra)
	}
}

// TestErrorPagesOverHTTPS: the site's error pages carry the same headers as its pages,
// HSTS included, though some errors are raised before any middleware runs.
func TestErrorPagesOverHTTPS(t *testing.T) {
	s := apptest.New(t, "sqlite", map[string]string{"LEADLINE_BASE_URL": "https://leads.example.com", "LEADLINE_TRUSTED_PROXIES": "0.0.0.0/32"})
	resp := s.Get("/no/such/page", "X-Forwarded-Proto", "https")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=31536000") {
		t.Errorf("HSTS %q", hsts)
	}
	if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("security headers missing")
	}
}
