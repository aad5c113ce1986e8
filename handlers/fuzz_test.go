package handlers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
	"github.com/valyala/fasthttp"
)

// The fuzzers send what a careless user or an attacker might, through the real site on
// PostgreSQL (which refuses bytes SQLite would take): nothing answers 5xx, and nothing
// invalid is stored. `go test` runs their seeds (here and in testdata/fuzz); `make
// test` also fuzzes each for a few seconds.

// FuzzLeadPost posts the landing form with arbitrary fields.
func FuzzLeadPost(f *testing.F) {
	f.Add("Ada Lovelace", "ada@example.com", "Engines", "+44 20 7946 0958", "Call me", "newsletter", "/", "AAAAAAAAAAAAAAAAAAAAAA", "", false)
	f.Add("Ada\x00", "ada@exa\x00mple.com", "\xff\xfe", "0", "\x00", "\xc3\x28", "/\x00", "\xff", "", true)
	f.Add("", "", "", "", "", "", "", "", "spam", true)
	f.Add(strings.Repeat("a", 201), "a@b.co", "＝cmd|' /C calc'!A0", "(555)", "=1+1", "%00", "//evil", "AAAAAAAAAAAAAAAAAAAAA=", "", false)
	s := apptest.New(f, "postgres", nil)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, name, email, company, phone, message, utm, path, key, honeypot string, htmx bool) {
		// A minute passes between posts, so the rate limit never answers in their place.
		s.Clock.Advance(time.Minute)
		form := url.Values{"name": {name}, "email": {email}, "company": {company}, "phone": {phone}, "message": {message},
			"utm_source": {utm}, "landing_path": {path}, "form_key": {key}, "website": {honeypot}}
		req, _ := http.NewRequest(http.MethodPost, "/leads", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if htmx {
			req.Header.Set("HX-Request", "true")
		}
		resp := fuzzDo(t, s, req)
		if resp.StatusCode >= 500 {
			t.Fatalf("status %d for %q", resp.StatusCode, form.Encode())
		}
		newest, err := s.Store.RecentLeads(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range newest {
			stored := models.Submission{
				LeadInput:   models.LeadInput{Name: l.Name, Email: l.Email, Company: l.Company, Phone: l.Phone, Message: l.Message},
				Attribution: models.Attribution{UTMSource: l.UTMSource, UTMMedium: l.UTMMedium, UTMCampaign: l.UTMCampaign, Referrer: l.Referrer, LandingPath: l.LandingPath},
			}
			if err := stored.Validate(); err != nil {
				t.Fatalf("stored an invalid lead %+v: %v", l, err)
			}
		}
	})
}

// FuzzSignIn posts the sign-in form with arbitrary credentials and next.
func FuzzSignIn(f *testing.F) {
	f.Add("sam@example.com", "correct horse battery staple", "/app")
	f.Add("sam\x00@example.com", "\x00", "//evil.example")
	f.Add("\xff\xfe@example.com", strings.Repeat("p", 100), "/\\evil")
	f.Add(strings.Repeat("a", 300)+"@example.com", "", "javascript:alert(1)")
	s := apptest.New(f, "postgres", nil)
	s.AddUser(f, staffEmail, "Sam", models.RoleStaff, goodPass)
	f.Fuzz(func(t *testing.T, email, password, next string) {
		// The failure limit's window passes between tries.
		s.Clock.Advance(16 * time.Minute)
		body := url.Values{"email": {email}, "password": {password}, "next": {next}}.Encode()
		req, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp := fuzzDo(t, s, req)
		if resp.StatusCode >= 500 {
			t.Fatalf("status %d for %q / %q", resp.StatusCode, email, password)
		}
		if resp.StatusCode == http.StatusSeeOther {
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.Contains(loc, "\\") {
				t.Fatalf("signed in and sent to %q", loc)
			}
		}
	})
}

// FuzzLeadList asks the lead list, its htmx fragment and its CSV for arbitrary queries.
func FuzzLeadList(f *testing.F) {
	f.Add("q=ada&status=new&owner=me&sort=-name&page=2&per_page=10&due=1")
	f.Add("q=%00&status=%ff&owner=%00&sort=%c3%28&page=-1&per_page=0")
	f.Add("q=100%25_off&owner=none&page=99999999999999999999")
	f.Add("status=won&status=lost&owner=1&owner=2&q=" + strings.Repeat("x", 300))
	s := apptest.New(f, "postgres", nil)
	s.AddUser(f, staffEmail, "Sam", models.RoleStaff, goodPass)
	c := s.Client(f)
	c.Login(staffEmail, goodPass)
	var cookies []*http.Cookie
	for k, v := range c.Cookies {
		cookies = append(cookies, &http.Cookie{Name: k, Value: v})
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		for _, p := range []string{"/app/leads", "/app/leads.csv"} {
			for _, hdr := range [][]string{nil, {"HX-Request", "true"}} {
				req, err := http.NewRequest(http.MethodGet, p, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.URL.RawQuery = onRequestLine(rawQuery)
				for i := 0; i+1 < len(hdr); i += 2 {
					req.Header.Set(hdr[i], hdr[i+1])
				}
				for _, ck := range cookies {
					req.AddCookie(ck)
				}
				resp := fuzzDo(t, s, req)
				if resp.StatusCode >= 500 {
					t.Fatalf("%s?%s: status %d", p, rawQuery, resp.StatusCode)
				}
			}
		}
	})
}

// onRequestLine percent-encodes the bytes a request line cannot carry (controls,
// space, '#', non-ASCII), as any client does: a raw space would make the test's own
// request malformed, which the HTTP server refuses before the app sees it.
func onRequestLine(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c <= ' ' || c >= 0x7f || c == '#' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// fuzzDo sends req through the site and closes the body; inside a fuzz target only t
// may fail the test, so the Site's own helpers (which hold the *testing.F) are not used.
func fuzzDo(t *testing.T, s *apptest.Site, req *http.Request) *http.Response {
	t.Helper()
	resp, err := s.Fiber.Test(req, -1)
	if errors.Is(err, fasthttp.ErrorInvalidURI) {
		// fasthttp refuses a request line with a control byte before any handler runs;
		// over a connection the client gets 400 from the site's error path
		// (TestRefusalsShowTheirOwnWords), but Test returns the error instead.
		return &http.Response{StatusCode: http.StatusBadRequest, Body: http.NoBody}
	}
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	resp.Body.Close()
	return resp
}

// FuzzAPILeadBody sends arbitrary JSON bodies to the API's create and patch of a lead:
// nothing answers 5xx, and nothing invalid is stored.
func FuzzAPILeadBody(f *testing.F) {
	f.Add(`{"name":"Ada","email":"ada@example.com","status":"won","owner_id":1,"next_action_at":"2030-01-31"}`, `{"version":1,"name":"Ada King","owner_id":null}`)
	f.Add("{\"name\":\"Ad\xff\",\"email\":\"a\x00@b.co\"}", "{\"version\":1,\"phone\":\"\xc3\x28\"}")
	f.Add(`{"name":"Ada\u0000","email":"ada@example.com","id":5}`, `{"version":-1,"status":"archived","next_action_at":"2030-02-30"}`)
	f.Add(`{"name":1e999,"email":[],"owner_id":99999999999999999999}`, `{"version":1e3,"owner_id":"7","next_action_at":null}`)
	f.Add(`{"name":"`+strings.Repeat("x", 201)+`","email":"a@b.co","utm_source":"\ud800"}`, `[{"version":1}]`)
	f.Add(`{"NAME":"Ada","email":"ada@example.com"}`, `{"version":1,"Version":2}`)
	s := apptest.New(f, "postgres", nil)
	s.AddUser(f, staffEmail, "Sam", models.RoleStaff, goodPass)
	ctx := context.Background()
	var token string
	{
		req, _ := http.NewRequest(http.MethodPost, "/api/v1/auth/token", strings.NewReader(`{"email":"`+staffEmail+`","password":"`+goodPass+`"}`))
		req.Header.Set("Content-Type", "application/json")
		resp := s.Do(req)
		var out struct{ Token string }
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
			f.Fatalf("sign in: %d %v", resp.StatusCode, err)
		}
		token = out.Token
	}
	lead := models.Submission{LeadInput: models.LeadInput{Name: "Ada", Email: "ada@example.com"}}.NewLead("")
	if _, err := s.Store.CreateLead(ctx, lead); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, create, patch string) {
		// A minute passes between bodies, so the token's rate limit never answers in
		// their place.
		s.Clock.Advance(time.Minute)
		for _, r := range []struct{ method, path, body string }{
			{http.MethodPost, "/api/v1/leads", create},
			{http.MethodPatch, fmt.Sprintf("/api/v1/leads/%d", lead.ID), patch},
		} {
			req, _ := http.NewRequest(r.method, r.path, strings.NewReader(r.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			if resp := fuzzDo(t, s, req); resp.StatusCode >= 500 {
				t.Fatalf("%s %s: status %d for %q", r.method, r.path, resp.StatusCode, r.body)
			}
		}
		page, err := s.Store.ListLeads(ctx, models.LeadFilter{Sort: models.SortNewest, Page: 1, PerPage: 2}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range page.Leads {
			stored := models.StaffLead{LeadEdit: models.EditOf(&l), Status: l.Status, Attribution: models.Attribution{
				UTMSource: l.UTMSource, UTMMedium: l.UTMMedium, UTMCampaign: l.UTMCampaign, Referrer: l.Referrer, LandingPath: l.LandingPath}}
			if err := stored.Validate(); err != nil {
				t.Fatalf("stored an invalid lead %+v: %v", l, err)
			}
		}
	})
}
