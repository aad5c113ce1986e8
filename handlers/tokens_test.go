package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/leadline/leadline/internal/apptest"
)

var tokenPattern = regexp.MustCompile(`ll_[a-z2-7]{52}`)

// TestTokensPage: a token is shown once, listed afterwards by its name and prefix only,
// works with the API, and is revoked with htmx or with a plain form.
func TestTokensPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		c := s.Client(t)
		c.Login(staffEmail, goodPass)
		p := &tokensPage{s: s, c: c, csrf: c.CSRF()}

		doc := apptest.Doc(t, c.Get("/app/account/tokens"))
		if doc.Find("[data-testid=no-tokens]").Length() != 1 || doc.Find("[data-testid=new-token-form]").Length() != 1 {
			t.Fatal("the empty page has no form or no empty state")
		}
		if got := doc.Find("#expiry option[selected]").AttrOr("value", ""); got != "90d" {
			t.Errorf("default expiry %q", got)
		}

		t.Run("ShownOnce", p.shownOnce)
		t.Run("Invalid", p.invalid)
		t.Run("NeedsCSRF", p.needsCSRF)
		t.Run("RevokeWithHTMX", p.revokeWithHTMX)
		t.Run("RevokeWithoutJavaScript", p.revokeWithoutJavaScript)
		t.Run("AnotherUsersToken", p.anotherUsersToken)
		t.Run("EndedTokensSayWhy", p.endedTokensSayWhy)
	})
}

// tokensPage is the staff member's browser through TestTokensPage; each method is a
// subtest, run in order on the same account.
type tokensPage struct {
	s    *apptest.Site
	c    *apptest.Client
	csrf string
}

// shownOnce: a new token's secret is shown once, works with the API, and the list
// afterwards shows only its name, prefix and last use.
func (p *tokensPage) shownOnce(t *testing.T) {
	resp := p.c.PostForm("/app/account/tokens", url.Values{"name": {"CRM sync"}, "expiry": {"30d"}, "_csrf": {p.csrf}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	doc := apptest.Doc(t, resp)
	secret := doc.Find("[data-testid=token-secret]").AttrOr("value", "")
	if !tokenPattern.MatchString(secret) {
		t.Fatalf("secret %q", secret)
	}
	api := &apiClient{t: t, s: p.s, token: secret}
	api.must(http.StatusOK, "GET", "/api/v1/leads", "")

	body := apptest.Body(t, p.c.Get("/app/account/tokens"))
	if strings.Contains(body, secret) || strings.Contains(body, secret[11:]) {
		t.Fatal("the list shows the secret again")
	}
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	row := doc.Find("[data-testid=token-row]")
	if row.Length() != 1 || strings.TrimSpace(row.Find("[data-testid=token-name]").Text()) != "CRM sync" {
		t.Fatalf("rows %q", row.Text())
	}
	if got := strings.TrimSpace(row.Find("[data-testid=token-prefix]").Text()); got != secret[:11]+"…" {
		t.Errorf("prefix %q, want %q…", got, secret[:11])
	}
	if got := strings.TrimSpace(row.Find("[data-testid=token-used]").Text()); got == "never" {
		t.Error("last use not shown after a request")
	}
	if doc.Find("[data-testid=token-created]").Length() != 0 {
		t.Error("the secret's box is still there")
	}
}

// invalid: a blank name and an unknown expiry get a message beside each, and no token.
func (p *tokensPage) invalid(t *testing.T) {
	resp := p.c.PostForm("/app/account/tokens", url.Values{"name": {"  "}, "expiry": {"forever"}, "_csrf": {p.csrf}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", resp.StatusCode)
	}
	doc := apptest.Doc(t, resp)
	if doc.Find("[data-testid=error-name]").Length() != 1 || doc.Find("[data-testid=error-expiry]").Length() != 1 {
		t.Error("no message beside name and expiry")
	}
	if doc.Find("[data-testid=token-secret]").Length() != 0 {
		t.Error("a token was shown")
	}
}

// needsCSRF: making a token without the CSRF token is forbidden.
func (p *tokensPage) needsCSRF(t *testing.T) {
	resp := p.c.PostForm("/app/account/tokens", url.Values{"name": {"Sneaky"}, "expiry": {"30d"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status %d", resp.StatusCode)
	}
}

// revokeWithHTMX: htmx's DELETE answers with an out-of-band flash, and the token stops
// working.
func (p *tokensPage) revokeWithHTMX(t *testing.T) {
	secret, id := makeToken(t, p.c, p.csrf, "Zapier")
	req, _ := http.NewRequest(http.MethodDelete, fmt.Sprintf("/app/account/tokens/%d", id), nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", p.csrf)
	resp := p.c.Do(req)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	frag := apptest.Doc(t, resp)
	if got := frag.Find("#flash[hx-swap-oob]").Text(); !strings.Contains(got, "“Zapier” was revoked") {
		t.Errorf("flash %q", got)
	}
	if a := (&apiClient{t: t, s: p.s, token: secret}).send("GET", "/api/v1/leads", ""); a.status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", a.status)
	}
}

// revokeWithoutJavaScript: the plain form redirects to the list with a flash, and the
// token stops working.
func (p *tokensPage) revokeWithoutJavaScript(t *testing.T) {
	secret, id := makeToken(t, p.c, p.csrf, "Cron job")
	resp := p.c.PostForm(fmt.Sprintf("/app/account/tokens/%d/delete", id), url.Values{"_csrf": {p.csrf}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/app/account/tokens" {
		t.Fatalf("revoke: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc := apptest.Doc(t, p.c.Get("/app/account/tokens"))
	if got := doc.Find("[data-testid=flash]").Text(); !strings.Contains(got, "“Cron job” was revoked") {
		t.Errorf("flash %q", got)
	}
	if a := (&apiClient{t: t, s: p.s, token: secret}).send("GET", "/api/v1/leads", ""); a.status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", a.status)
	}
}

// anotherUsersToken: an admin can neither revoke nor see another user's token.
func (p *tokensPage) anotherUsersToken(t *testing.T) {
	_, id := makeToken(t, p.c, p.csrf, "Mine")
	admin := p.s.Client(t)
	admin.Login(adminEmail, goodPass)
	req, _ := http.NewRequest(http.MethodDelete, fmt.Sprintf("/app/account/tokens/%d", id), nil)
	req.Header.Set("X-CSRF-Token", admin.CSRF())
	if resp := admin.Do(req); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoking another user's token: %d", resp.StatusCode)
	}
	if doc := apptest.Doc(t, admin.Get("/app/account/tokens")); doc.Find("[data-testid=token-row]").Length() != 0 {
		t.Error("another user's tokens are listed")
	}
}

// endedTokensSayWhy: after a password change the list says the tokens were ended by it.
func (p *tokensPage) endedTokensSayWhy(t *testing.T) {
	u, err := p.s.Store.UserByEmail(context.Background(), staffEmail)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.s.Store.SetPassword(context.Background(), u.ID, u.PasswordHash); err != nil {
		t.Fatal(err)
	}
	p.c.Login(staffEmail, goodPass)
	doc := apptest.Doc(t, p.c.Get("/app/account/tokens"))
	if got := doc.Find("[data-testid=token-state]").First().Text(); got != "Ended by a password or role change" {
		t.Errorf("state %q", got)
	}
}

// makeToken makes a token on the tokens page and returns its secret and id.
func makeToken(t *testing.T, c *apptest.Client, csrf, name string) (string, int64) {
	t.Helper()
	resp := c.PostForm("/app/account/tokens", url.Values{"name": {name}, "expiry": {"never"}, "_csrf": {csrf}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create %s: %d", name, resp.StatusCode)
	}
	doc := apptest.Doc(t, resp)
	secret := doc.Find("[data-testid=token-secret]").AttrOr("value", "")
	var id int64
	doc.Find("[data-testid=token-row]").EachWithBreak(func(_ int, row *goquery.Selection) bool {
		if strings.TrimSpace(row.Find("[data-testid=token-name]").Text()) == name {
			fmt.Sscanf(row.Find("form").AttrOr("hx-delete", ""), "/app/account/tokens/%d", &id)
			return false
		}
		return true
	})
	if id == 0 {
		t.Fatalf("no row for %s", name)
	}
	return secret, id
}
