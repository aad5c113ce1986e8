package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
)

// TestTimeZoneAndErase: a person in Tokyo sets their zone and reads a lead's dates in
// it, then erases the lead's personal data through the confirm step, and opens the
// export page. axe checks each new page.
func TestTimeZoneAndErase(t *testing.T) {
	s := apptest.New(t, "postgres", map[string]string{"LEADLINE_TIMEZONE": "UTC"})
	s.AddUser(t, "ada@example.com", "Ada Admin", models.RoleAdmin, "correct horse battery staple")
	l := models.Submission{LeadInput: models.LeadInput{Name: "Tomo Zone", Email: "tomo@example.com", Company: "Zone Co"}}.NewLead("")
	l.CreatedAt = time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
	if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	base := s.Listen()
	ctx := newBrowser(t)
	do(t, ctx, "sign in",
		chromedp.Navigate(base+paths.Login),
		chromedp.SendKeys(chromedp.ID("email"), "ada@example.com"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery staple"),
		chromedp.Click(byTestID("login-submit")),
		chromedp.WaitVisible(byTestID("lead-total")),
	)
	lead := base + paths.Lead(l.ID)
	do(t, ctx, "open the lead", chromedp.Navigate(lead), chromedp.WaitVisible(byTestID("lead-card")))
	if got := get(t, ctx, "created", chromedp.Text(chromedp.CSS("#lead-card time"))); got != "10 Mar 2026" {
		t.Errorf("created %q in UTC", got)
	}

	do(t, ctx, "choose Tokyo",
		chromedp.Navigate(base+paths.Account),
		chromedp.WaitVisible(byTestID("zone-form")),
	)
	checkAccessibility(t, ctx, "the account page")
	do(t, ctx, "save Tokyo",
		chromedp.SetValue(chromedp.ID("time_zone"), "Asia/Tokyo"),
		chromedp.Click(byTestID("zone-submit")),
		chromedp.WaitVisible(byTestID("flash")),
	)
	if got := get(t, ctx, "zone", chromedp.Text(byTestID("zone-now"))); !strings.HasPrefix(got, "Dates are shown in Asia/Tokyo") {
		t.Errorf("account says %q", got)
	}
	do(t, ctx, "open the lead again", chromedp.Navigate(lead), chromedp.WaitVisible(byTestID("lead-card")))
	if got := get(t, ctx, "created", chromedp.Text(chromedp.CSS("#lead-card time"))); got != "11 Mar 2026" {
		t.Errorf("created %q in Tokyo", got)
	}
	if got := get(t, ctx, "history", chromedp.Text(chromedp.CSS("[data-testid=event] time"))); got != "11 Mar 2026, 08:30 JST" {
		t.Errorf("history %q in Tokyo", got)
	}
	checkAccessibility(t, ctx, "the lead page with its consent")
	eraseInBrowser(t, ctx, l.ID)
	do(t, ctx, "open the export page", chromedp.Navigate(base+paths.AdminExport), chromedp.WaitVisible(byTestID("export-form")))
	checkAccessibility(t, ctx, "the export page")
}

// eraseInBrowser erases the lead on its open page through the confirm step.
func eraseInBrowser(t *testing.T, ctx context.Context, id int64) {
	t.Helper()
	do(t, ctx, "ask to erase", chromedp.Click(byTestID("erase-lead")), chromedp.WaitVisible(byTestID("erase-confirm")))
	checkAccessibility(t, ctx, "the erase confirm page")
	do(t, ctx, "confirm", chromedp.Click(byTestID("confirm-erase")), chromedp.WaitVisible(byTestID("erased-notice")))
	if got := get(t, ctx, "notice", chromedp.Text(byTestID("erased-notice"))); !strings.HasPrefix(got, "Personal data erased by Ada Admin at ") || !strings.HasSuffix(got, "JST.") {
		t.Errorf("notice %q", got)
	}
	if got := get(t, ctx, "heading", chromedp.Text(chromedp.ID("lead-card-title"))); got != fmt.Sprintf("Erased lead #%d", id) {
		t.Errorf("heading %q", got)
	}
	checkAccessibility(t, ctx, "the erased lead's page")
}
