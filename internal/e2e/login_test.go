package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// TestSignInAndOut is a person's sign-in: a typo first, then the right password, a look
// at the workspace, and signing out.
func TestSignInAndOut(t *testing.T) {
	s := apptest.New(t, "postgres", nil)
	s.AddUser(t, "ada@example.com", "Ada Admin", models.RoleAdmin, "correct horse battery staple")
	base := s.Listen()
	ctx := newBrowser(t)

	do(t, ctx, "open a staff page while signed out", chromedp.Navigate(base+"/app/users"))
	if loc := get(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "/login?next=%2Fapp%2Fusers") {
		t.Fatalf("location %q", loc)
	}
	checkAccessibility(t, ctx, "the sign-in page")

	do(t, ctx, "sign in with a typo",
		chromedp.SendKeys(chromedp.ID("email"), "ada@example.com"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery stapel"),
		chromedp.Click(byTestID("login-submit")),
		chromedp.WaitVisible(byTestID("login-error")),
	)
	if v := get(t, ctx, "typed email", chromedp.Value(chromedp.ID("email"))); v != "ada@example.com" {
		t.Errorf("typed email lost: %q", v)
	}
	do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery staple"),
		chromedp.Click(byTestID("login-submit")),
		chromedp.WaitVisible(byTestID("users")),
	)
	if loc := get(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, "/app/users") {
		t.Errorf("after sign-in: %q, want the page asked for", loc)
	}
	checkAccessibility(t, ctx, "the users page")
	// The session cookie is invisible to scripts.
	if cookies := eval[string](t, ctx, `document.cookie`); cookies != "" {
		t.Errorf("scripts can read cookies: %q", cookies)
	}

	do(t, ctx, "open the dashboard", chromedp.Navigate(base+"/app"), chromedp.WaitVisible(byTestID("lead-total")))
	checkAccessibility(t, ctx, "the dashboard")
	do(t, ctx, "sign out", chromedp.Click(byTestID("logout")), chromedp.WaitVisible(byTestID("login-form")))
	do(t, ctx, "go back to the workspace", chromedp.Navigate(base+"/app"), chromedp.WaitVisible(byTestID("login-form")))
}
