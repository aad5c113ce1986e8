package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

const (
	adminEmail = "admin@example.com"
	staffEmail = "sam@example.com"
	goodPass   = "correct horse battery staple"
)

// staffSite is a site with an admin and a staff user.
func staffSite(t *testing.T, dialect string, env map[string]string) (*apptest.Site, *models.User, *models.User) {
	t.Helper()
	s := apptest.New(t, dialect, env)
	admin := s.AddUser(t, adminEmail, "Ada Admin", models.RoleAdmin, goodPass)
	staff := s.AddUser(t, staffEmail, "Sam Staff", models.RoleStaff, goodPass)
	return s, admin, staff
}

func sessionCookie(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == "id" || c.Name == "__Host-id" {
			return c
		}
	}
	return nil
}

func TestLogin(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		for _, tc := range []struct {
			name string
			run  func(*testing.T, *apptest.Site)
		}{
			{"PlantedCookieReplacedAndAttributes", loginPlantedCookieReplacedAndAttributes},
			{"NewIDAtLoginAndOldOneDead", loginNewIDAtLoginAndOldOneDead},
			{"EarlierCSRFTokenRejectedAfterLogin", loginEarlierCSRFTokenRejectedAfterLogin},
			{"SameAnswerForUnknownEmailAndWrongPassword", loginSameAnswerForUnknownEmailAndWrongPassword},
			{"OpenRedirectsRefused", loginOpenRedirectsRefused},
			{"LogoutEndsTheSessionOnTheServer", loginLogoutEndsTheSessionOnTheServer},
			{"NoSessionRedirectsOrHXRedirect", loginNoSessionRedirectsOrHXRedirect},
			{"SignedInLoginPageMovesOn", loginSignedInLoginPageMovesOn},
			{"CrossSiteLoginRefused", loginCrossSiteLoginRefused},
		} {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, s) })
		}
	})
}

func loginPlantedCookieReplacedAndAttributes(t *testing.T, s *apptest.Site) {
	c := s.Client(t)
	c.Cookies["id"] = "planted-by-an-attacker"
	resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app" {
		t.Fatalf("status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	ck := sessionCookie(t, resp)
	if ck == nil || ck.Value == "planted-by-an-attacker" {
		t.Fatalf("session cookie %+v", ck)
	}
	if len(ck.Value) != 43 {
		t.Errorf("session id %q is not 32 random bytes in base64url", ck.Value)
	}
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/" {
		t.Errorf("cookie attributes %+v", ck)
	}
	if resp := c.Get("/app"); resp.StatusCode != http.StatusOK {
		t.Errorf("dashboard after sign-in: %d", resp.StatusCode)
	}
}

func loginNewIDAtLoginAndOldOneDead(t *testing.T, s *apptest.Site) {
	c := s.Client(t)
	c.Login(staffEmail, goodPass)
	before := c.Cookies["id"]
	c.Login(adminEmail, goodPass)
	after := c.Cookies["id"]
	if before == after {
		t.Fatal("the session id did not change at sign-in")
	}
	old := s.Client(t)
	old.Cookies["id"] = before
	if resp := old.Get("/app"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the id from before sign-in still works: %d", resp.StatusCode)
	}
}

func loginEarlierCSRFTokenRejectedAfterLogin(t *testing.T, s *apptest.Site) {
	// An attacker signs in, keeps the session's CSRF token and plants the cookie on
	// a victim, who then signs in: the token must not work any more.
	c := s.Client(t)
	c.Login(staffEmail, goodPass)
	token := c.CSRF()
	c.Login(staffEmail, goodPass)
	resp := c.PostForm("/app/account/password", url.Values{
		"_csrf": {token}, "current_password": {goodPass}, "new_password": {"another long password"}, "confirm_password": {"another long password"},
	})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("old token: status %d", resp.StatusCode)
	}
	c2 := s.Client(t)
	c2.Login(staffEmail, goodPass) // the password did not change
}

func loginSameAnswerForUnknownEmailAndWrongPassword(t *testing.T, s *apptest.Site) {
	c := s.Client(t)
	r1 := c.PostForm("/login", url.Values{"email": {"nobody@example.com"}, "password": {goodPass}}, "X-Forwarded-For", "")
	b1 := strings.ReplaceAll(apptest.Body(t, r1), "nobody@example.com", "EMAIL")
	r2 := c.PostForm("/login", url.Values{"email": {adminEmail}, "password": {"wrong password here"}})
	b2 := strings.ReplaceAll(apptest.Body(t, r2), adminEmail, "EMAIL")
	if r1.StatusCode != http.StatusUnauthorized || r2.StatusCode != http.StatusUnauthorized {
		t.Fatalf("statuses %d %d", r1.StatusCode, r2.StatusCode)
	}
	if b1 != b2 {
		t.Error("the answers differ between an unknown email and a wrong password")
	}
	if !strings.Contains(b1, "The email address or password is incorrect.") {
		t.Error("no message")
	}
	if sessionCookie(t, r1) != nil || sessionCookie(t, r2) != nil {
		t.Error("a failed sign-in set a session cookie")
	}
}

func loginOpenRedirectsRefused(t *testing.T, s *apptest.Site) {
	for next, want := range map[string]string{
		"/app/account":         "/app/account",
		"//evil.example":       "/app",
		"https://evil.example": "/app",
		"/\\evil.example":      "/app",
		"javascript:alert(1)":  "/app",
		"app":                  "/app",
		"/%0d%0aSet-Cookie:x":  "/%0d%0aSet-Cookie:x",
	} {
		c := s.Client(t)
		resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}, "next": {next}})
		if loc := resp.Header.Get("Location"); loc != want {
			t.Errorf("next=%q: went to %q, want %q", next, loc, want)
		}
	}
}

func loginLogoutEndsTheSessionOnTheServer(t *testing.T, s *apptest.Site) {
	c := s.Client(t)
	c.Login(staffEmail, goodPass)
	old := c.Cookies["id"]
	token := c.CSRF()
	if resp := c.Get("/logout"); resp.StatusCode == http.StatusSeeOther || resp.StatusCode == http.StatusOK {
		t.Errorf("GET /logout answered %d", resp.StatusCode)
	}
	if resp := c.Get("/app"); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /logout ended the session: %d", resp.StatusCode)
	}
	resp := c.PostForm("/logout", url.Values{"_csrf": {token}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	replay := s.Client(t)
	replay.Cookies["id"] = old
	resp = replay.Get("/app/account")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Errorf("replayed cookie: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func loginNoSessionRedirectsOrHXRedirect(t *testing.T, s *apptest.Site) {
	c := s.Client(t)
	resp := c.Get("/app/account?tab=1")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fapp%2Faccount%3Ftab%3D1" {
		t.Errorf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp = c.Get("/app/account", "HX-Request", "true")
	if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("HX-Redirect"), "/login") {
		t.Errorf("htmx: %d %q", resp.StatusCode, resp.Header.Get("HX-Redirect"))
	}
}

func loginSignedInLoginPageMovesOn(t *testing.T, s *apptest.Site) {
	c := s.Client(t)
	c.Login(staffEmail, goodPass)
	if resp := c.Get("/login?next=/app/account"); resp.Header.Get("Location") != "/app/account" {
		t.Errorf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func loginCrossSiteLoginRefused(t *testing.T, s *apptest.Site) {
	c := s.Client(t)
	resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}}, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden || sessionCookie(t, resp) != nil {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestLoginThrottlePerAccount(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, map[string]string{"LEADLINE_TRUSTED_PROXIES": "0.0.0.0/32"})
		c := s.Client(t)
		for i := 1; i <= 6; i++ {
			// Each attempt claims another address: the account's own count still holds.
			resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {"wrong password " + fmt.Sprint(i)}},
				"X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
			want := http.StatusUnauthorized
			if i == 6 {
				want = http.StatusTooManyRequests
			}
			if resp.StatusCode != want {
				t.Fatalf("attempt %d: status %d, want %d", i, resp.StatusCode, want)
			}
			if i == 6 && resp.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
		// Even the right password waits until the window has passed.
		resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}}, "X-Forwarded-For", "198.51.100.99")
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password during the lockout: %d", resp.StatusCode)
		}
		// Another account is not affected.
		if resp := c.PostForm("/login", url.Values{"email": {adminEmail}, "password": {goodPass}}, "X-Forwarded-For", "198.51.100.98"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("other account: %d", resp.StatusCode)
		}
	})
}

func TestLoginThrottlePerAddressRotatingForgedXFF(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		c := s.Client(t)
		for i := 1; i <= 6; i++ {
			// Different accounts, forged X-Forwarded-For that no proxy vouches for.
			resp := c.PostForm("/login", url.Values{"email": {fmt.Sprintf("user%d@example.com", i)}, "password": {"wrong password"}},
				"X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i))
			want := http.StatusUnauthorized
			if i == 6 {
				want = http.StatusTooManyRequests
			}
			if resp.StatusCode != want {
				t.Fatalf("attempt %d: status %d, want %d", i, resp.StatusCode, want)
			}
		}
	})
}

func TestLoginThrottleLongestEmailStillCounted(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		// 254 characters, the longest address: its key once did not fit the limiter's
		// column, and the failed write switched the limit off.
		long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 58) + ".io"
		if len(long) != 254 {
			t.Fatalf("address of %d characters", len(long))
		}
		s, _, _ := staffSite(t, dialect, map[string]string{"LEADLINE_TRUSTED_PROXIES": "0.0.0.0/32"})
		s.AddUser(t, long, "Long Address", models.RoleStaff, goodPass)
		c := s.Client(t)
		for i := 1; i <= 6; i++ {
			resp := c.PostForm("/login", url.Values{"email": {long}, "password": {"wrong"}}, "X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
			if want := map[bool]int{true: 429, false: 401}[i == 6]; resp.StatusCode != want {
				t.Fatalf("attempt %d: %d, want %d", i, resp.StatusCode, want)
			}
		}
		if strings.Contains(s.Logs.String(), `"level":"ERROR"`) {
			t.Error("an error was logged")
		}
	})
}

func TestLoginThrottleWindowEnds(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		c := s.Client(t)
		for i := 0; i < 5; i++ {
			c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {"wrong"}})
		}
		resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}})
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("sixth try: %d", resp.StatusCode)
		}
		if ra := resp.Header.Get("Retry-After"); ra != "900" {
			t.Errorf("Retry-After %q, want the 15 minutes left", ra)
		}
		s.Clock.Advance(14 * time.Minute)
		if resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}}); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("14 minutes on: %d", resp.StatusCode)
		}
		s.Clock.Advance(time.Minute)
		c.Login(staffEmail, goodPass)
	})
}

func TestLoginThrottleSuccessesAreNotCounted(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		for i := 0; i < 8; i++ {
			s.Client(t).Login(staffEmail, goodPass)
		}
	})
}

// TestLimitsRefuseWhenTheyCannotCount: with the counters' table gone, sign-in and the
// lead form answer 503 and store nothing, rather than letting everything through.
func TestLimitsRefuseWhenTheyCannotCount(t *testing.T) {
	s, _, _ := staffSite(t, "postgres", nil)
	conn, err := pgx.Connect(context.Background(), s.DB.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "DROP TABLE rate_counters"); err != nil {
		t.Fatal(err)
	}
	c := s.Client(t)
	if resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}}); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("sign-in: %d, want 503", resp.StatusCode)
	}
	resp := s.PostForm("/leads", validLead())
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("lead post: %d, want 503", resp.StatusCode)
	}
	doc := apptest.Doc(t, resp)
	if v, _ := doc.Find("#name").Attr("value"); v != "Ada Lovelace" {
		t.Errorf("typed name lost: %q", v)
	}
	if n := len(leads(t, s)); n != 0 {
		t.Errorf("%d leads stored past a limit that could not count", n)
	}
}

func TestSessionLifetime(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		t.Run("RestartKeepsTheSession", func(t *testing.T) {
			s, _, _ := staffSite(t, dialect, nil)
			c := s.Client(t)
			c.Login(staffEmail, goodPass)
			cookie := c.Cookies["id"]
			s.Close()
			again := apptest.NewOn(t, s.DB, nil)
			c2 := again.Client(t)
			c2.Cookies["id"] = cookie
			if resp := c2.Get("/app"); resp.StatusCode != http.StatusOK {
				t.Errorf("after a restart: %d", resp.StatusCode)
			}
		})

		t.Run("IdleTimeout", func(t *testing.T) {
			s, _, _ := staffSite(t, dialect, map[string]string{"LEADLINE_SESSION_IDLE": "30m", "LEADLINE_SESSION_MAX": "12h"})
			c := s.Client(t)
			c.Login(staffEmail, goodPass)
			for i := 0; i < 3; i++ {
				s.Clock.Advance(29 * time.Minute)
				if resp := c.Get("/app"); resp.StatusCode != http.StatusOK {
					t.Fatalf("active every 29 minutes (%d): %d", i, resp.StatusCode)
				}
			}
			s.Clock.Advance(31 * time.Minute)
			if resp := c.Get("/app"); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("after 31 idle minutes: %d", resp.StatusCode)
			}
		})

		t.Run("AbsoluteTimeout", func(t *testing.T) {
			s, _, _ := staffSite(t, dialect, map[string]string{"LEADLINE_SESSION_IDLE": "30m", "LEADLINE_SESSION_MAX": "2h"})
			c := s.Client(t)
			c.Login(staffEmail, goodPass)
			for i := 0; i < 5; i++ {
				s.Clock.Advance(20 * time.Minute)
				if resp := c.Get("/app"); resp.StatusCode != http.StatusOK {
					t.Fatalf("active, %d minutes after sign-in: %d", 20*(i+1), resp.StatusCode)
				}
			}
			s.Clock.Advance(21 * time.Minute)
			if resp := c.Get("/app"); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("2h01 after sign-in, though active: %d", resp.StatusCode)
			}
		})
	})
}

// TestSecondInstanceSharesSessions: a session made on one instance works on another
// on the same PostgreSQL.
func TestSecondInstanceSharesSessions(t *testing.T) {
	s, _, _ := staffSite(t, "postgres", nil)
	c := s.Client(t)
	c.Login(staffEmail, goodPass)
	other := apptest.NewOn(t, s.DB, nil)
	c2 := other.Client(t)
	c2.Cookies["id"] = c.Cookies["id"]
	if resp := c2.Get("/app"); resp.StatusCode != http.StatusOK {
		t.Errorf("second instance: %d", resp.StatusCode)
	}
}

func TestSessionsEndWithAccountChangesPasswordChange(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		here, elsewhere := s.Client(t), s.Client(t)
		here.Login(staffEmail, goodPass)
		elsewhere.Login(staffEmail, goodPass)
		before := here.Cookies["id"]
		newPass := "a brand new passphrase"
		resp := here.PostForm("/app/account/password", url.Values{
			"_csrf": {here.CSRF()}, "current_password": {goodPass}, "new_password": {newPass}, "confirm_password": {newPass},
		})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", resp.StatusCode)
		}
		if here.Cookies["id"] == before {
			t.Error("the session id did not change with the password")
		}
		if resp := here.Get("/app/account"); resp.StatusCode != http.StatusOK {
			t.Errorf("this session: %d", resp.StatusCode)
		} else if apptest.Doc(t, resp).Find("[data-testid=flash]").Length() != 1 {
			t.Error("no flash message after the redirect")
		}
		if resp := elsewhere.Get("/app"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("other session survived the password change: %d", resp.StatusCode)
		}
		s.Client(t).Login(staffEmail, newPass)
	})
}

func TestSessionsEndWithAccountChangesWrongCurrentPassword(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		c := s.Client(t)
		c.Login(staffEmail, goodPass)
		resp := c.PostForm("/app/account/password", url.Values{
			"_csrf": {c.CSRF()}, "current_password": {"not it at all"}, "new_password": {"x"}, "confirm_password": {"y"},
		})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", resp.StatusCode)
		}
		doc := apptest.Doc(t, resp)
		assertFieldError(t, doc, "current_password", "incorrect")
		assertFieldError(t, doc, "new_password", "at least 12")
		s.Client(t).Login(staffEmail, goodPass)
	})
}

func TestSessionsEndWithAccountChangesDeactivationAndRoleChange(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, staff := staffSite(t, dialect, nil)
		admin := s.Client(t)
		admin.Login(adminEmail, goodPass)
		sam := s.Client(t)
		sam.Login(staffEmail, goodPass)

		resp := admin.PostForm(fmt.Sprintf("/app/users/%d/role", staff.ID), url.Values{"_csrf": {admin.CSRF()}, "role": {"admin"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("role change: %d", resp.StatusCode)
		}
		if resp := sam.Get("/app"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("session survived a role change: %d", resp.StatusCode)
		}
		sam.Login(staffEmail, goodPass)
		resp = admin.PostForm(fmt.Sprintf("/app/users/%d/active", staff.ID), url.Values{"_csrf": {admin.CSRF()}, "active": {"false"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", resp.StatusCode)
		}
		if resp := sam.Get("/app"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("session survived deactivation: %d", resp.StatusCode)
		}
		if resp := sam.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a deactivated user signed in: %d", resp.StatusCode)
		}
	})
}

func TestCSRF(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		admin := s.Client(t)
		admin.Login(adminEmail, goodPass)
		token := admin.CSRF()
		newUser := url.Values{"name": {"Eve"}, "email": {"eve@example.com"}, "role": {"staff"}, "password": {goodPass}}

		for name, headers := range map[string][]string{
			"Missing": nil,
			"Wrong":   {"X-CSRF-Token", strings.Repeat("A", len(token))},
		} {
			t.Run(name, func(t *testing.T) {
				resp := admin.PostForm("/app/users", newUser, headers...)
				if resp.StatusCode != http.StatusForbidden {
					t.Errorf("status %d", resp.StatusCode)
				}
				if _, err := s.Store.UserByEmail(context.Background(), "eve@example.com"); err == nil {
					t.Error("a user was created without a valid token")
				}
			})
		}
		t.Run("HeaderOK", func(t *testing.T) {
			if resp := admin.PostForm("/app/users", newUser, "X-CSRF-Token", token); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("status %d", resp.StatusCode)
			}
		})
		t.Run("FieldOK", func(t *testing.T) {
			v := url.Values{"name": {"Mallory"}, "email": {"mallory@example.com"}, "role": {"staff"}, "_csrf": {token}}
			resp := admin.PostForm("/app/users", v)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d", resp.StatusCode)
			}
			// The generated password is shown once, in the flash.
			flash := apptest.Doc(t, admin.Get("/app/users")).Find("[data-testid=flash]").Text()
			i := strings.Index(flash, "shown only this once: ")
			if i < 0 {
				t.Fatalf("flash %q", flash)
			}
			s.Client(t).Login("mallory@example.com", strings.TrimSpace(flash[i+len("shown only this once: "):]))
			if strings.Contains(apptest.Body(t, admin.Get("/app/users")), "shown only this once") {
				t.Error("the password was shown twice")
			}
		})
	})
}

func TestAdminOnly(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, admin, staff := staffSite(t, dialect, nil)
		sam := s.Client(t)
		sam.Login(staffEmail, goodPass)
		if resp := sam.Get("/app/users"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("staff GET /app/users: %d", resp.StatusCode)
		}
		resp := sam.PostForm(fmt.Sprintf("/app/users/%d/active", admin.ID), url.Values{"_csrf": {sam.CSRF()}, "active": {"false"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("staff deactivating the admin: %d", resp.StatusCode)
		}
		a := s.Client(t)
		a.Login(adminEmail, goodPass)
		doc := apptest.Doc(t, a.Get("/app/users"))
		if doc.Find("[data-testid='user-"+staffEmail+"']").Length() != 1 {
			t.Error("the users page does not list the staff user")
		}
		// An admin cannot lock themself out.
		resp = a.PostForm(fmt.Sprintf("/app/users/%d/active", admin.ID), url.Values{"_csrf": {a.CSRF()}, "active": {"false"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("self-deactivation: %d", resp.StatusCode)
		}
		// Validation: a taken email, a short password.
		resp = a.PostForm("/app/users", url.Values{"_csrf": {a.CSRF()}, "name": {"Sam Two"}, "email": {"SAM@example.com"}, "role": {"staff"}, "password": {"short"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad new user: %d", resp.StatusCode)
		}
		assertFieldError(t, apptest.Doc(t, resp), "password", "at least 12")
		resp = a.PostForm("/app/users", url.Values{"_csrf": {a.CSRF()}, "name": {"Sam Two"}, "email": {"SAM@example.com"}, "role": {"staff"}, "password": {goodPass}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("taken email: %d", resp.StatusCode)
		}
		assertFieldError(t, apptest.Doc(t, resp), "email", "already exists")
		_ = staff
	})
}

func TestSetup(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s := apptest.New(t, dialect, nil)
		i := strings.Index(s.Logs.String(), "/setup?token=")
		if i < 0 {
			t.Fatalf("no setup link in the log: %s", s.Logs.String())
		}
		token := s.Logs.String()[i+len("/setup?token=") : i+len("/setup?token=")+43]
		c := s.Client(t)
		if resp := c.Get("/setup?token=wrong"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("wrong token: %d", resp.StatusCode)
		}
		if resp := c.Get("/setup?token=" + token); resp.StatusCode != http.StatusOK {
			t.Fatalf("setup page: %d", resp.StatusCode)
		}
		resp := c.PostForm("/setup", url.Values{"token": {token}, "name": {"First Admin"}, "email": {"first@example.com"}, "password": {goodPass}, "confirm": {"different"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("mismatched passwords: %d", resp.StatusCode)
		}
		resp = c.PostForm("/setup", url.Values{"token": {token}, "name": {"First Admin"}, "email": {"First@Example.com"}, "password": {goodPass}, "confirm": {goodPass}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app" {
			t.Fatalf("setup: %d", resp.StatusCode)
		}
		if resp := c.Get("/app/users"); resp.StatusCode != http.StatusOK {
			t.Errorf("the first admin is not signed in as admin: %d", resp.StatusCode)
		}
		u, err := s.Store.UserByEmail(context.Background(), "first@example.com")
		if err != nil || u.Role != models.RoleAdmin || u.Email != "first@example.com" {
			t.Errorf("first admin %+v, %v", u, err)
		}
		for _, path := range []string{"/setup?token=" + token} {
			if resp := s.Client(t).Get(path); resp.StatusCode != http.StatusNotFound {
				t.Errorf("setup page after setup: %d", resp.StatusCode)
			}
		}
		resp = s.Client(t).PostForm("/setup", url.Values{"token": {token}, "name": {"Second"}, "email": {"second@example.com"}, "password": {goodPass}, "confirm": {goodPass}})
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("second setup: %d", resp.StatusCode)
		}
	})
}

// TestVisitorsGetNoSessionRow checks that public pages write nothing to the session table.
func TestVisitorsGetNoSessionRow(t *testing.T) {
	s, _, _ := staffSite(t, "postgres", nil)
	c := s.Client(t)
	c.Get("/")
	c.PostForm("/leads", validLead())
	c.Get("/thanks")
	c.Get("/login")
	c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {"wrong password!"}})
	c.Get("/app")
	c.Get("/nope")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.DB.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM sessions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d session rows for a visitor", n)
	}
	if len(c.Cookies) != 0 {
		t.Errorf("a visitor got cookies: %v", c.Cookies)
	}
}

func TestSecureCookies(t *testing.T) {
	s, _, _ := staffSite(t, "sqlite", map[string]string{"LEADLINE_BASE_URL": "https://leads.example.com"})
	c := s.Client(t)
	resp := c.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}})
	ck := sessionCookie(t, resp)
	if ck == nil || ck.Name != "__Host-id" || !ck.Secure || !ck.HttpOnly || ck.Path != "/" || ck.Domain != "" {
		t.Errorf("cookie %+v", ck)
	}
}

func TestSessionStorageOutage(t *testing.T) {
	db := testdb.New(t, "postgres")
	proxy, viaProxy := testdb.NewProxy(t, db.URL)
	db.URL = viaProxy
	s := apptest.NewOn(t, db, nil)
	s.AddUser(t, staffEmail, "Sam", models.RoleStaff, goodPass)
	c := s.Client(t)
	c.Login(staffEmail, goodPass)
	token := c.CSRF()
	proxy.Down()
	resp := c.PostForm("/app/account/password", url.Values{"_csrf": {token}, "current_password": {goodPass}})
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("storage down: %d, want 503", resp.StatusCode)
	}
	proxy.Up()
	// Pooled connections that died in the outage fail once each; the site recovers
	// within moments, with the session intact.
	for i := 0; ; i++ {
		resp := c.Get("/app")
		if resp.StatusCode == http.StatusOK {
			break
		}
		if i == 20 {
			t.Fatalf("after the outage: %d", resp.StatusCode)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
