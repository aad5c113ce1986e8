package handlers_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

// These tests hold the holes an outside probe found closed.

// TestBadBytesNeverReachTheDatabase: PostgreSQL refuses a NUL and invalid UTF-8 in text
// with an error; such input from a client is a 4xx or no session, never a 5xx or an
// error in the log.
func TestBadBytesNeverReachTheDatabase(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)

		t.Run("SessionCookieNotUTF8", func(t *testing.T) {
			// A NUL in a header is refused by fasthttp itself, before any handler: over a
			// connection that is 400 from the site's error path.
			conn, err := net.Dial("tcp", strings.TrimPrefix(s.Listen(), "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "GET /app HTTP/1.1\r\nHost: x\r\nCookie: id=%s\x00\r\n\r\n", strings.Repeat("a", 42))
			if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil || resp.StatusCode != http.StatusBadRequest {
				t.Errorf("cookie with a NUL: %v %v", resp, err)
			}
			for _, id := range []string{"\xff\xfe" + strings.Repeat("a", 41), "%ff%00", strings.Repeat("é", 30)} {
				// Written raw: net/http would drop the bad bytes from a cookie it builds.
				if resp := s.Get("/app", "Cookie", "id="+id); resp.StatusCode != http.StatusSeeOther {
					t.Errorf("cookie %q: %d, want the way to sign in", id, resp.StatusCode)
				}
				if resp := s.Get("/login", "Cookie", "id="+id); resp.StatusCode != http.StatusOK {
					t.Errorf("cookie %q on the sign-in page: %d", id, resp.StatusCode)
				}
			}
		})

		t.Run("EmailWithNUL", func(t *testing.T) {
			for _, email := range []string{"sam\x00@example.com", staffEmail + "\x00", "\xff@example.com", strings.Repeat("a", 3000)} {
				resp := s.Client(t).PostForm("/login", url.Values{"email": {email}, "password": {goodPass}})
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("email %q: %d, want 401", email, resp.StatusCode)
				}
			}
		})

		if logs := s.Logs.String(); strings.Contains(logs, `"level":"ERROR"`) {
			t.Errorf("bad bytes logged an error: %s", logs)
		}
	})
}

// TestPasswordChangeIsThrottled: a stolen session cannot guess the password without
// end; the change form shares the account's sign-in limit.
func TestPasswordChangeIsThrottled(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		c := s.Client(t)
		c.Login(staffEmail, goodPass)
		token := c.CSRF()
		guess := func(current string) *http.Response {
			return c.PostForm("/app/account/password", url.Values{
				"_csrf": {token}, "current_password": {current}, "new_password": {"another long passphrase"}, "confirm_password": {"another long passphrase"},
			})
		}
		for i := 0; i < 5; i++ {
			if resp := guess("guess number " + string(rune('a'+i))); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("guess %d: %d", i+1, resp.StatusCode)
			}
		}
		resp := guess(goodPass) // even the right one, until the window ends
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("sixth guess: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		assertFieldError(t, apptest.Doc(t, resp), "current_password", "Too many failed attempts")
		// The account's sign-in is held back too.
		if resp := s.Client(t).PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}}); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("sign-in after the guesses: %d", resp.StatusCode)
		}
	})
}

// TestValuesComeFromTheBody: the CSRF token comes from the header or the body, never
// the query string; a POST's fields come from its body only.
func TestValuesComeFromTheBody(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		c := s.Client(t)
		c.Login(adminEmail, goodPass)
		token := c.CSRF()

		t.Run("CSRFTokenInQueryRefused", func(t *testing.T) {
			q := url.Values{"_csrf": {token}}
			resp := c.PostForm("/app/users?"+q.Encode(), url.Values{"name": {"Eve"}, "email": {"eve@example.com"}, "role": {"staff"}})
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("token in the query: %d, want 403", resp.StatusCode)
			}
		})

		t.Run("FieldsInQueryIgnored", func(t *testing.T) {
			// The role travels in the query, the rest in the body: the query's admin is
			// not read, so the form lacks a role and is refused.
			q := url.Values{"role": {"admin"}}
			resp := c.PostForm("/app/users?"+q.Encode(), url.Values{"_csrf": {token}, "name": {"Eve"}, "email": {"eve@example.com"}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if _, err := s.Store.UserByEmail(t.Context(), "eve@example.com"); err == nil {
				t.Error("a user was made from values in the query")
			}
			// The lead form likewise stores only what its body says.
			lead := validLead()
			lead.Del("company")
			if resp := s.PostForm("/leads?company=From+the+query", lead); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("lead: %d", resp.StatusCode)
			}
			if got := leads(t, s); len(got) != 1 || got[0].Company != "" {
				t.Errorf("company from the query: %+v", got)
			}
		})
	})
}

// TestSignInFromNullOrigin: a sign-in posted with "Origin: null" (a sandboxed frame, a
// data: URL) and no Sec-Fetch-Site is refused like any cross-site one.
func TestSignInFromNullOrigin(t *testing.T) {
	s, _, _ := staffSite(t, "sqlite", nil)
	resp := s.Client(t).PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}}, "Origin", "null")
	if resp.StatusCode != http.StatusForbidden || sessionCookie(t, resp) != nil {
		t.Fatalf("status %d", resp.StatusCode)
	}
	assertWords(t, apptest.Doc(t, resp).Find("[data-testid=error-page]"), "You cannot do that", "This form was sent from another site.")
}
