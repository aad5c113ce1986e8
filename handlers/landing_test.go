package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// validLead is a complete, valid landing-form post.
func validLead() url.Values {
	return url.Values{
		"name":         {"Ada Lovelace"},
		"email":        {"ada@example.com"},
		"company":      {"Analytical Engines Ltd"},
		"phone":        {"+44 20 7946 0958"},
		"message":      {"We need 40 seats.\nCan you call on Monday?"},
		"utm_source":   {"newsletter"},
		"utm_medium":   {"email"},
		"utm_campaign": {"autumn"},
		"referrer":     {"https://news.example.org/"},
		"landing_path": {"/?utm_source=newsletter"},
		"form_key":     {"AAAAAAAAAAAAAAAAAAAAAA"},
		"website":      {""},
	}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func leads(t *testing.T, s *apptest.Site) []models.Lead {
	t.Helper()
	out, err := s.Store.RecentLeads(context.Background(), 1000)
	if err != nil {
		t.Fatalf("recent leads: %v", err)
	}
	return out
}

func forEachDB(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

func TestLanding(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		for _, tc := range []struct {
			name string
			run  func(*testing.T, *apptest.Site)
		}{
			{"FormAndAttribution", landingFormAndAttribution},
			{"FreshKeyPerRender", landingFreshKeyPerRender},
			{"SecurityHeaders", landingSecurityHeaders},
			{"Thanks", landingThanks},
		} {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, s) })
		}
	})
}

func landingFormAndAttribution(t *testing.T, s *apptest.Site) {
	resp := s.Get("/?utm_source=news&utm_medium=email&utm_campaign=launch%3Cb%3E", "Referer", "https://search.example/q")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if resp.Header.Get("Set-Cookie") != "" {
		t.Errorf("a visitor got a cookie: %q", resp.Header.Get("Set-Cookie"))
	}
	doc := apptest.Doc(t, resp)
	form := doc.Find("form#lead-form")
	if form.Length() != 1 {
		t.Fatalf("want one form#lead-form, got %d", form.Length())
	}
	if m, _ := form.Attr("method"); m != "post" {
		t.Errorf("method %q", m)
	}
	if a, _ := form.Attr("action"); a != "/leads" {
		t.Errorf("action %q", a)
	}
	if _, ok := form.Attr("hx-post"); !ok {
		t.Error("form has no hx-post")
	}
	for _, name := range []string{"name", "email", "company", "phone", "message", "website"} {
		field := form.Find("[name=" + name + "]")
		if field.Length() != 1 {
			t.Errorf("field %s: %d elements", name, field.Length())
			continue
		}
		if name == "website" {
			continue
		}
		id, _ := field.Attr("id")
		if doc.Find("label[for="+id+"]").Length() != 1 {
			t.Errorf("field %s has no label", name)
		}
	}
	if doc.Find("#website").Closest(".hidden").Length() != 1 {
		t.Error("the honeypot is not hidden from people")
	}
	hidden := func(name string) string {
		v, _ := form.Find("input[type=hidden][name=" + name + "]").Attr("value")
		return v
	}
	if hidden("utm_source") != "news" || hidden("utm_medium") != "email" || hidden("utm_campaign") != "launch<b>" {
		t.Errorf("utm fields: %q %q %q", hidden("utm_source"), hidden("utm_medium"), hidden("utm_campaign"))
	}
	if hidden("referrer") != "https://search.example/q" {
		t.Errorf("referrer %q", hidden("referrer"))
	}
	if !strings.HasPrefix(hidden("landing_path"), "/?utm_source=news") {
		t.Errorf("landing_path %q", hidden("landing_path"))
	}
	if k := hidden("form_key"); len(k) != 22 {
		t.Errorf("form_key %q", k)
	}
	if doc.Find("h1").Length() != 1 {
		t.Errorf("want one h1, got %d", doc.Find("h1").Length())
	}
}

func landingFreshKeyPerRender(t *testing.T, s *apptest.Site) {
	key := func() string {
		v, _ := apptest.Doc(t, s.Get("/")).Find("input[name=form_key]").Attr("value")
		return v
	}
	if a, b := key(), key(); a == b {
		t.Errorf("two renders share the key %q", a)
	}
}

func landingSecurityHeaders(t *testing.T, s *apptest.Site) {
	resp := s.Get("/")
	csp := resp.Header.Get("Content-Security-Policy")
	if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if hsts := resp.Header.Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS over plain HTTP: %q", hsts)
	}
	// Scripts are files, never inline.
	doc := apptest.Doc(t, resp)
	doc.Find("script").Each(func(_ int, sc *goquery.Selection) {
		if src, _ := sc.Attr("src"); src == "" {
			t.Errorf("inline script: %q", sc.Text())
		}
	})
	if doc.Find("[style]").Length() > 0 || doc.Find("style").Length() > 0 {
		t.Error("inline styles break the CSP")
	}
}

func landingThanks(t *testing.T, s *apptest.Site) {
	resp := s.Get("/thanks")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if apptest.Doc(t, resp).Find("[data-testid=thanks-page]").Length() != 1 {
		t.Error("no thank-you message")
	}
}

func TestCreateLeadNoJSRedirectsAndStores(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		resp := s.PostForm("/leads", validLead(), "Referer", "http://localhost:3000/?utm_source=newsletter")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/thanks" {
			t.Fatalf("status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp.Header.Get("Set-Cookie") != "" {
			t.Errorf("a visitor got a cookie")
		}
		got := leads(t, s)
		if len(got) != 1 {
			t.Fatalf("want 1 lead, got %d", len(got))
		}
		l := got[0]
		if l.Name != "Ada Lovelace" || l.Email != "ada@example.com" || l.Company != "Analytical Engines Ltd" ||
			l.Phone != "+44 20 7946 0958" || l.Message != "We need 40 seats.\nCan you call on Monday?" {
			t.Errorf("contact fields: %+v", l)
		}
		if l.Status != models.StatusNew || l.Version != 1 {
			t.Errorf("status %q version %d", l.Status, l.Version)
		}
		if l.UTMSource != "newsletter" || l.UTMMedium != "email" || l.UTMCampaign != "autumn" ||
			l.Referrer != "https://news.example.org/" || l.LandingPath != "/?utm_source=newsletter" {
			t.Errorf("attribution: %+v", l)
		}
		if l.CreatedAt.IsZero() {
			t.Error("no created_at")
		}
	})
}

func TestCreateLeadHTMXAnswersInPlace(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		resp := s.PostForm("/leads", validLead(), "HX-Request", "true")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if !strings.Contains(resp.Header.Get("Vary"), "HX-Request") {
			t.Errorf("Vary %q", resp.Header.Get("Vary"))
		}
		body := apptest.Body(t, resp)
		if strings.Contains(body, "<html") || strings.Contains(body, "<body") {
			t.Error("fragment carries the layout")
		}
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		thanks := doc.Find("[data-testid=lead-thanks]")
		if thanks.Length() != 1 {
			t.Fatalf("no thank-you fragment in %q", body)
		}
		if role, _ := thanks.Attr("role"); role != "status" {
			t.Errorf("thank-you role %q", role)
		}
		if n := len(leads(t, s)); n != 1 {
			t.Errorf("want 1 lead, got %d", n)
		}
	})
}

func TestCreateLeadHistoryRestoreGetsWholePage(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		resp := s.Get("/", "HX-Request", "true", "HX-History-Restore-Request", "true")
		if body := apptest.Body(t, resp); !strings.Contains(body, "<html") {
			t.Error("history restore got a fragment")
		}
	})
}

func TestCreateLeadInvalidHTMX(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		resp := s.PostForm("/leads", with(validLead(), "name", "", "email", "not-an-email", "company", "<b>Acme</b>"), "HX-Request", "true")
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", resp.StatusCode)
		}
		body := apptest.Body(t, resp)
		if strings.Contains(body, "<html") {
			t.Error("fragment carries the layout")
		}
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		assertFieldError(t, doc, "name", "Enter your name")
		assertFieldError(t, doc, "email", "Enter an email address in the correct format")
		if v, _ := doc.Find("#email").Attr("value"); v != "not-an-email" {
			t.Errorf("typed email not kept: %q", v)
		}
		if v, _ := doc.Find("#company").Attr("value"); v != "<b>Acme</b>" {
			t.Errorf("typed company not kept: %q", v)
		}
		if doc.Find("#company b").Length() > 0 || strings.Contains(body, "<b>Acme") {
			t.Error("markup in a field was not escaped")
		}
		if v, _ := doc.Find("input[name=form_key]").Attr("value"); v != "AAAAAAAAAAAAAAAAAAAAAA" {
			t.Errorf("the one-time key changed after an error: %q", v)
		}
		summary := doc.Find("[data-testid=error-summary]")
		if summary.Find("a[href='#name']").Length() != 1 || summary.Find("a[href='#email']").Length() != 1 {
			t.Error("the error summary does not link to each bad field")
		}
		if n := len(leads(t, s)); n != 0 {
			t.Errorf("invalid post stored %d leads", n)
		}
	})
}

func TestCreateLeadInvalidNoJS(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		resp := s.PostForm("/leads", with(validLead(), "email", ""))
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", resp.StatusCode)
		}
		doc := apptest.Doc(t, resp)
		if doc.Find("html").Length() != 1 || doc.Find("h1").Length() != 1 {
			t.Error("want the whole page")
		}
		assertFieldError(t, doc, "email", "Enter your email address")
		if v, _ := doc.Find("#name").Attr("value"); v != "Ada Lovelace" {
			t.Errorf("typed name not kept: %q", v)
		}
	})
}

func TestCreateLeadFieldRules(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		// More posts than the rate limit allows: each comes through a trusted proxy
		// for a client of its own.
		s := apptest.New(t, dialect, map[string]string{"LEADLINE_TRUSTED_PROXIES": "0.0.0.0/32"})
		cases := []struct {
			name, field, value string
			ok                 bool
		}{
			{"NameAtLimit", "name", strings.Repeat("é", 200), true},
			{"NameOverLimit", "name", strings.Repeat("a", 201), false},
			{"EmailOverLimit", "email", strings.Repeat("a", 243) + "@example.com", false},
			{"CompanyOverLimit", "company", strings.Repeat("a", 201), false},
			{"PhoneOverLimit", "phone", strings.Repeat("1", 51), false},
			{"PhoneLetters", "phone", "call me", false},
			{"MessageAtLimit", "message", strings.Repeat("m", 5000), true},
			{"MessageOverLimit", "message", strings.Repeat("m", 5001), false},
			{"InvalidUTF8", "name", "Ada \xff\xfe", false},
			{"NulByte", "company", "Acme\x00", false},
			{"NameOnOneLine", "name", "Ada\nLovelace", false},
			{"UTMOverLimit", "utm_source", strings.Repeat("u", 201), false},
			{"EmailWithDisplayName", "email", "Ada <ada@example.com>", false},
			{"EmailNoDot", "email", "ada@localhost", false},
		}
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := len(leads(t, s))
				v := with(validLead(), tc.field, tc.value, "form_key", strings.Repeat(string(rune('A'+i)), 22))
				resp := s.PostForm("/leads", v, "HX-Request", "true", "X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i))
				after := len(leads(t, s))
				if tc.ok {
					if resp.StatusCode != http.StatusOK || after != before+1 {
						t.Errorf("status %d, leads %d→%d", resp.StatusCode, before, after)
					}
					return
				}
				if resp.StatusCode != http.StatusUnprocessableEntity || after != before {
					t.Errorf("status %d, leads %d→%d", resp.StatusCode, before, after)
				}
				doc := apptest.Doc(t, resp)
				if doc.Find("[data-testid=error-summary] li").Length() == 0 {
					t.Error("no message")
				}
			})
		}
	})
}

func TestCreateLeadHoneypot(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		resp := s.PostForm("/leads", with(validLead(), "website", "http://spam.example"))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/thanks" {
			t.Errorf("no-JS: status %d", resp.StatusCode)
		}
		resp = s.PostForm("/leads", with(validLead(), "website", "x", "form_key", "BBBBBBBBBBBBBBBBBBBBBB"), "HX-Request", "true")
		if resp.StatusCode != http.StatusOK || apptest.Doc(t, resp).Find("[data-testid=lead-thanks]").Length() != 1 {
			t.Errorf("htmx: status %d", resp.StatusCode)
		}
		if n := len(leads(t, s)); n != 0 {
			t.Errorf("honeypot stored %d leads", n)
		}
	})
}

func TestCreateLeadOneTimeKey(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		for i := 0; i < 3; i++ {
			resp := s.PostForm("/leads", validLead())
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("post %d: status %d", i, resp.StatusCode)
			}
		}
		if n := len(leads(t, s)); n != 1 {
			t.Errorf("three posts of one form stored %d leads", n)
		}
		// A form without a key still works, each post stored.
		s.PostForm("/leads", with(validLead(), "form_key", ""))
		s.PostForm("/leads", with(validLead(), "form_key", "forged"))
		if n := len(leads(t, s)); n != 3 {
			t.Errorf("keyless posts: %d leads, want 3", n)
		}
	})
}

func TestCreateLeadVisitorCannotSetOtherFields(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		s.PostForm("/leads", with(validLead(), "status", "won", "id", "4242", "version", "9", "owner_id", "1", "created_at", "2001-01-01"))
		got := leads(t, s)
		if len(got) != 1 {
			t.Fatalf("%d leads", len(got))
		}
		if l := got[0]; l.Status != models.StatusNew || l.ID == 4242 || l.Version != 1 || l.CreatedAt.Year() == 2001 {
			t.Errorf("visitor set a field: %+v", l)
		}
	})
}

func TestCreateLeadBodyTooLarge(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		// app.Test bypasses the server's limits, so this goes over a real connection.
		// The server answers from Content-Length alone, before the body.
		s := apptest.New(t, dialect, nil)
		base := s.Listen()
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\nname=x", 2<<20)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d", resp.StatusCode)
		}
		if n := len(leads(t, s)); n != 0 {
			t.Errorf("stored %d", n)
		}
	})
}

func TestCreateLeadHeadersTooLarge(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		base := s.Listen()
		get := func(pad int) int {
			req, _ := http.NewRequest(http.MethodGet, base+"/", nil)
			req.Header.Set("X-Padding", strings.Repeat("h", pad))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if code := get(6 << 10); code != http.StatusOK {
			t.Errorf("6 KiB of headers: status %d", code)
		}
		if code := get(9 << 10); code != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("9 KiB of headers: status %d", code)
		}
	})
}

func assertFieldError(t *testing.T, doc *goquery.Document, field, want string) {
	t.Helper()
	input := doc.Find("#" + field)
	msg := doc.Find("#" + field + "-error")
	if !strings.Contains(msg.Text(), want) {
		t.Errorf("%s: message %q, want %q", field, msg.Text(), want)
	}
	if d, _ := input.Attr("aria-describedby"); d != field+"-error" {
		t.Errorf("%s: aria-describedby %q", field, d)
	}
	if inv, _ := input.Attr("aria-invalid"); inv != "true" {
		t.Errorf("%s: aria-invalid %q", field, inv)
	}
}
