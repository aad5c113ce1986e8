package opstest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/leadline/leadline/internal/testdb"
)

// TestTwoInstancesAreOne starts two real processes on two ports against one
// PostgreSQL schema, at the same moment (their migrations take turns), and checks
// that a visitor or a colleague cannot tell them apart: the first admin is made once,
// a session from one works on the other, and the rate limits count across both.
func TestTwoInstancesAreOne(t *testing.T) {
	bin := binary(t)
	_, dbURL := testdb.NewSchema(t)
	env := func() map[string]string {
		return map[string]string{"DATABASE_URL": dbURL, "LEADLINE_DATA_DIR": t.TempDir()}
	}
	a, b := launch(t, "a", bin, env()), launch(t, "b", bin, env())
	a.waitReady()
	b.waitReady()

	t.Run("OneFirstAdmin", func(t *testing.T) {
		// No user yet: each instance prints a setup link with a token of its own.
		tokenA, tokenB := setupToken(t, a), setupToken(t, b)
		if tokenA == tokenB {
			t.Fatal("both instances printed the same setup token")
		}
		for _, c := range []struct {
			in    *instance
			token string
		}{{a, tokenA}, {b, tokenB}} {
			if code := get(t, c.in, "/setup?token="+c.token, nil).StatusCode; code != http.StatusOK {
				t.Fatalf("%s: setup page before any user: %d", c.in.name, code)
			}
		}
		// Both links used at once: one admin is made, the other instance refuses.
		var wg sync.WaitGroup
		answers := make([]*response, 2)
		for i, c := range []struct {
			in    *instance
			token string
		}{{a, tokenA}, {b, tokenB}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				answers[i] = postForm(t, c.in, "/setup", nil, url.Values{
					"token": {c.token}, "email": {fmt.Sprintf("admin-%s@example.com", c.in.name)},
					"name": {"Admin " + c.in.name}, "password": {"a long enough password"}, "confirm": {"a long enough password"},
				})
			}()
		}
		wg.Wait()
		made := 0
		for i, r := range answers {
			switch r.StatusCode {
			case http.StatusSeeOther:
				made++
				winner, other := []*instance{a, b}[i], []*instance{a, b}[1-i]
				// The session made on the winner works on the other instance.
				session := sessionCookie(t, r)
				if code := get(t, other, "/app", session).StatusCode; code != http.StatusOK {
					t.Errorf("session from %s on %s: /app answered %d", winner.name, other.name, code)
				}
			case http.StatusNotFound:
			default:
				t.Errorf("setup on %s: %d", []*instance{a, b}[i].name, r.StatusCode)
			}
		}
		if made != 1 {
			t.Fatalf("%d first admins made, want exactly 1", made)
		}
		users := mustRun(t, bin, map[string]string{"DATABASE_URL": dbURL, "LEADLINE_DATA_DIR": t.TempDir()}, "", "user", "list")
		if n := strings.Count(users, "@example.com"); n != 1 {
			t.Errorf("%d users after two setups, want 1:\n%s", n, users)
		}
		// Once a user exists, neither instance's setup page exists.
		for _, c := range []struct {
			in    *instance
			token string
		}{{a, tokenA}, {b, tokenB}, {a, tokenB}, {b, tokenA}} {
			if code := get(t, c.in, "/setup?token="+c.token, nil).StatusCode; code != http.StatusNotFound {
				t.Errorf("%s: setup page after the first admin: %d, want 404", c.in.name, code)
			}
		}
	})

	t.Run("SessionsAreShared", func(t *testing.T) {
		mustRun(t, bin, map[string]string{"DATABASE_URL": dbURL, "LEADLINE_DATA_DIR": t.TempDir()},
			"another long password\n", "user", "add", "--email", "sam@example.com", "--name", "Sam", "--password-stdin")
		r := postForm(t, a, "/login", nil, url.Values{"email": {"sam@example.com"}, "password": {"another long password"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in on a: %d", r.StatusCode)
		}
		session := sessionCookie(t, r)
		for _, in := range []*instance{a, b} {
			if code := get(t, in, "/app", session).StatusCode; code != http.StatusOK {
				t.Errorf("session from a on %s: %d", in.name, code)
			}
		}
		// Signing out on b ends the session on a too.
		page := get(t, b, "/app/account", session)
		csrf := csrfToken(t, page)
		if code := postForm(t, b, "/logout", append(session, csrf.cookies...), url.Values{"_csrf": {csrf.token}}).StatusCode; code != http.StatusSeeOther {
			t.Fatalf("sign out on b: %d", code)
		}
		if code := get(t, a, "/app", session).StatusCode; code != http.StatusSeeOther {
			t.Errorf("a still serves a session that b ended: %d", code)
		}
	})

	t.Run("LeadLimitIsShared", func(t *testing.T) {
		// Ten posts a minute from one address, whichever instance takes them.
		for i := range 10 {
			in := []*instance{a, b}[i%2]
			r := postForm(t, in, "/leads", nil, url.Values{"name": {"Ada"}, "email": {fmt.Sprintf("ada%d@example.com", i)}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("post %d on %s: %d", i+1, in.name, r.StatusCode)
			}
		}
		for _, in := range []*instance{a, b} {
			r := postForm(t, in, "/leads", nil, url.Values{"name": {"Ada"}, "email": {"eleven@example.com"}})
			if r.StatusCode != http.StatusTooManyRequests {
				t.Errorf("11th post on %s: %d, want 429", in.name, r.StatusCode)
			}
		}
	})

	t.Run("SignInLimitIsShared", func(t *testing.T) {
		// Five failures, spread over both, and the sixth try is refused by either.
		bad := url.Values{"email": {"sam@example.com"}, "password": {"not the password"}}
		for i := range 5 {
			in := []*instance{a, b}[i%2]
			if code := postForm(t, in, "/login", nil, bad).StatusCode; code != http.StatusUnauthorized {
				t.Fatalf("failure %d on %s: %d", i+1, in.name, code)
			}
		}
		good := url.Values{"email": {"sam@example.com"}, "password": {"another long password"}}
		for _, in := range []*instance{a, b} {
			r := postForm(t, in, "/login", nil, good)
			if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
				t.Errorf("sign-in on %s after 5 failures: %d, want 429 with Retry-After", in.name, r.StatusCode)
			}
		}
	})
}

// setupToken reads the token of the setup link the instance logged.
func setupToken(t *testing.T, in *instance) string {
	t.Helper()
	line := in.waitLog("no user yet: open this link to create the first admin (it works once)")
	u, err := url.Parse(line.str("setup_url"))
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("%s: setup link %q", in.name, line.str("setup_url"))
	}
	return u.Query().Get("token")
}
