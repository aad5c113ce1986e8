package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apitoken"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// TestAPITokensThatDoNotOpen: no token, a malformed, unknown, revoked, expired or
// ended token, and a deactivated user's token all get 401 with a challenge.
func TestAPITokensThatDoNotOpen(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, admin, staff := staffSite(t, dialect, nil)
		ctx := context.Background()
		t.Run("None", func(t *testing.T) { refusedToken(t, &apiClient{t: t, s: s}, "Send a personal token") })
		t.Run("Malformed", func(t *testing.T) { refusedToken(t, &apiClient{t: t, s: s, token: "ll_short"}, "not valid") })
		t.Run("Unknown", func(t *testing.T) {
			secret, _, _ := apitoken.New()
			refusedToken(t, &apiClient{t: t, s: s, token: secret}, "not valid")
		})
		t.Run("BasicScheme", func(t *testing.T) {
			c := apiSignIn(t, s, staffEmail, goodPass)
			a := c.send("GET", "/api/v1/leads", "", "Authorization", "Basic "+c.token)
			if a.status != http.StatusUnauthorized {
				t.Errorf("status %d", a.status)
			}
		})
		t.Run("Revoked", func(t *testing.T) { revokedTokenRefused(t, s, staff) })
		t.Run("Expired", func(t *testing.T) {
			c := apiSignIn(t, s, staffEmail, goodPass)
			s.Clock.Advance(24*time.Hour + time.Second)
			refusedToken(t, c, "expired")
		})
		t.Run("EndedByPasswordChange", func(t *testing.T) {
			c := apiSignIn(t, s, adminEmail, goodPass)
			if _, err := s.Store.SetPassword(ctx, admin.ID, admin.PasswordHash); err != nil {
				t.Fatal(err)
			}
			refusedToken(t, c, "not valid")
		})
		t.Run("EndedByRoleChange", func(t *testing.T) {
			c := apiSignIn(t, s, staffEmail, goodPass)
			if _, err := s.Store.SetRole(ctx, staff.ID, models.RoleAdmin); err != nil {
				t.Fatal(err)
			}
			refusedToken(t, c, "not valid")
		})
		t.Run("Deactivated", func(t *testing.T) { deactivatedUsersTokenRefused(t, s) })
	})
}

// refusedToken asks for the leads with c's token and expects 401, the unauthorized code,
// wantMessage in the message, and a Bearer challenge.
func refusedToken(t *testing.T, c *apiClient, wantMessage string) {
	t.Helper()
	a := c.send("GET", "/api/v1/leads", "")
	code, msg, _ := apiErrorOf(t, a)
	if a.status != http.StatusUnauthorized || code != "unauthorized" || !strings.Contains(msg, wantMessage) {
		t.Errorf("status %d: %s", a.status, a.raw)
	}
	if !strings.HasPrefix(a.header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("WWW-Authenticate %q", a.header.Get("WWW-Authenticate"))
	}
}

// revokedTokenRefused: a token that worked stops working once its owner revokes it.
func revokedTokenRefused(t *testing.T, s *apptest.Site, staff *models.User) {
	ctx := context.Background()
	c := apiSignIn(t, s, staffEmail, goodPass)
	c.must(http.StatusOK, "GET", "/api/v1/leads", "")
	tok, err := s.Store.TokenByHash(ctx, apitoken.Hash(c.token))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.RevokeToken(ctx, staff.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	refusedToken(t, c, "not valid")
}

// deactivatedUsersTokenRefused: a deactivated user's token is refused, and so is the
// user's exchange of a password for a new one.
func deactivatedUsersTokenRefused(t *testing.T, s *apptest.Site) {
	u := s.AddUser(t, "leaving@example.com", "Leaving", models.RoleStaff, goodPass)
	c := apiSignIn(t, s, u.Email, goodPass)
	if _, err := s.Store.SetActive(context.Background(), u.ID, false); err != nil {
		t.Fatal(err)
	}
	refusedToken(t, c, "not valid")
	if a := (&apiClient{t: t, s: s}).send("POST", "/api/v1/auth/token", `{"email":"leaving@example.com","password":"`+goodPass+`"}`); a.status != http.StatusUnauthorized {
		t.Errorf("a deactivated user signed in to the API: %d", a.status)
	}
}

// TestAPIPasswordChangeThroughTheForm ends the user's tokens when the password is changed
// on the account page, and an admin's deactivation or role change through the users page.
func TestAPIPasswordChangeThroughTheForm(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, staff := staffSite(t, dialect, nil)
		c := apiSignIn(t, s, staffEmail, goodPass)
		browser := s.Client(t)
		browser.Login(staffEmail, goodPass)
		newPass := "a different long passphrase"
		resp := browser.PostForm("/app/account/password", url.Values{"current_password": {goodPass}, "new_password": {newPass},
			"confirm_password": {newPass}, "_csrf": {browser.CSRF()}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("change password: %d", resp.StatusCode)
		}
		if a := c.send("GET", "/api/v1/leads", ""); a.status != http.StatusUnauthorized {
			t.Errorf("token after a password change: %d", a.status)
		}
		c2 := apiSignIn(t, s, staffEmail, newPass)
		admin := s.Client(t)
		admin.Login(adminEmail, goodPass)
		resp = admin.PostForm(fmt.Sprintf("/app/users/%d/role", staff.ID), url.Values{"role": {"admin"}, "_csrf": {admin.CSRF()}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("role change: %d", resp.StatusCode)
		}
		if a := c2.send("GET", "/api/v1/leads", ""); a.status != http.StatusUnauthorized {
			t.Errorf("token after a role change: %d", a.status)
		}
	})
}

// TestAPIReadsNoCookie: a signed-in browser's cookie opens nothing under /api/, a token
// needs no CSRF token, and the API sets no cookie.
func TestAPIReadsNoCookie(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		browser := s.Client(t)
		browser.Login(staffEmail, goodPass)
		for _, method := range []string{"GET", "POST"} {
			req, _ := http.NewRequest(method, "/api/v1/leads", strings.NewReader(`{"name":"Eve","email":"eve@example.com"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", browser.CSRF())
			if resp := browser.Do(req); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s with a session cookie and no token: %d", method, resp.StatusCode)
			}
		}
		c := apiSignIn(t, s, staffEmail, goodPass)
		req, _ := http.NewRequest("POST", "/api/v1/leads", strings.NewReader(`{"name":"Eve","email":"eve@example.com"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.AddCookie(&http.Cookie{Name: "id", Value: strings.Repeat("x", 43)})
		resp := s.Do(req)
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("token with a stale cookie and no CSRF token: %d", resp.StatusCode)
		}
		if len(resp.Cookies()) != 0 {
			t.Errorf("the API set cookies: %v", resp.Cookies())
		}
	})
}

// TestAPISignInThrottle: the token exchange counts failures with the sign-in form, per
// account and per address, and the window's end lets both in again.
func TestAPISignInThrottle(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		anon := &apiClient{t: t, s: s}
		exchange := func(email, pass string) apiAnswer {
			return anon.send("POST", "/api/v1/auth/token", `{"email":`+quote(email)+`,"password":`+quote(pass)+`}`)
		}
		// Three wrong passwords on the form, two through the API: the account's five.
		for i := range 3 {
			s.PostForm("/login", url.Values{"email": {staffEmail}, "password": {"guess " + strconv.Itoa(i)}})
		}
		for range 2 {
			if a := exchange(staffEmail, "wrong guess"); a.status != http.StatusUnauthorized {
				t.Fatalf("wrong password: %d %s", a.status, a.raw)
			}
		}
		a := exchange(staffEmail, goodPass)
		code, _, _ := apiErrorOf(t, a)
		if a.status != http.StatusTooManyRequests || code != "too_many_requests" {
			t.Fatalf("sixth try: %d %s", a.status, a.raw)
		}
		if ra, _ := strconv.Atoi(a.header.Get("Retry-After")); ra < 1 || ra > 15*60 {
			t.Errorf("Retry-After %q", a.header.Get("Retry-After"))
		}
		if resp := s.PostForm("/login", url.Values{"email": {staffEmail}, "password": {goodPass}}); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("the form after the API's failures: %d", resp.StatusCode)
		}
		// The address is over its limit too: another account from it waits as well.
		if a := exchange(adminEmail, goodPass); a.status != http.StatusTooManyRequests {
			t.Errorf("another account from the same address: %d", a.status)
		}
		s.Clock.Advance(15*time.Minute + time.Second)
		if a := exchange(staffEmail, goodPass); a.status != http.StatusCreated {
			t.Errorf("after the window: %d %s", a.status, a.raw)
		}
	})
}

// TestAPITokenThrottle: each token has its own requests per minute; past them 429 with
// Retry-After, until the window ends.
func TestAPITokenThrottle(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		c := apiSignIn(t, s, staffEmail, goodPass)
		other := apiSignIn(t, s, adminEmail, goodPass)
		for i := range 300 {
			if a := c.send("GET", "/api/v1/leads/1", ""); a.status != http.StatusNotFound {
				t.Fatalf("request %d: %d %s", i+1, a.status, a.raw)
			}
		}
		a := c.send("GET", "/api/v1/leads", "")
		code, _, _ := apiErrorOf(t, a)
		if a.status != http.StatusTooManyRequests || code != "too_many_requests" {
			t.Fatalf("request 301: %d %s", a.status, a.raw)
		}
		if ra, _ := strconv.Atoi(a.header.Get("Retry-After")); ra < 1 || ra > 60 {
			t.Errorf("Retry-After %q", a.header.Get("Retry-After"))
		}
		other.must(http.StatusOK, "GET", "/api/v1/leads", "")
		s.Clock.Advance(time.Minute)
		c.must(http.StatusOK, "GET", "/api/v1/leads", "")
	})
}

// TestAPITokenLastUse records a token's use at most once a minute.
func TestAPITokenLastUse(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		ctx := context.Background()
		c := apiSignIn(t, s, staffEmail, goodPass)
		lastUsed := func() *time.Time {
			tok, err := s.Store.TokenByHash(ctx, apitoken.Hash(c.token))
			if err != nil {
				t.Fatal(err)
			}
			return tok.LastUsedAt
		}
		if lastUsed() != nil {
			t.Fatal("used before any request")
		}
		c.must(http.StatusOK, "GET", "/api/v1/leads", "")
		first := lastUsed()
		if first == nil || first.Sub(s.Clock.Now()).Abs() > time.Second {
			t.Fatalf("last use %v, now %v", first, s.Clock.Now())
		}
		s.Clock.Advance(30 * time.Second)
		c.must(http.StatusOK, "GET", "/api/v1/leads", "")
		if again := lastUsed(); !again.Equal(*first) {
			t.Errorf("written again within the minute: %v then %v", first, again)
		}
		s.Clock.Advance(31 * time.Second)
		c.must(http.StatusOK, "GET", "/api/v1/leads", "")
		if later := lastUsed(); !later.After(*first) {
			t.Errorf("not written after a minute: %v then %v", first, later)
		}
	})
}
