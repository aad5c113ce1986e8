package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
)

// zoneSite is a site in UTC, its clock at 20:00 UTC (already tomorrow in Tokyo), with
// a lead created at 23:30 UTC the day before and due tomorrow (UTC's tomorrow, Tokyo's
// today).
func zoneSite(t *testing.T, dialect string) (*apptest.Site, *apptest.Client, *models.Lead) {
	t.Helper()
	s, _, _ := staffSite(t, dialect, map[string]string{"LEADLINE_TIMEZONE": "UTC"})
	now := s.Clock.Now().UTC()
	at := time.Date(now.Year(), now.Month(), now.Day()+1, 20, 0, 0, 0, time.UTC)
	s.Clock.Advance(at.Sub(now))
	l := models.Submission{LeadInput: models.LeadInput{Name: "Tomo Zone", Email: "tomo@example.com"}}.NewLead("")
	l.CreatedAt = time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
	due := models.Today(at).AddDate(0, 0, 1)
	l.NextActionAt = &due
	if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	c := s.Client(t)
	c.Login(staffEmail, goodPass)
	return s, c, l
}

// TestTimeZone: dates follow the site's zone until a user chooses one; an unknown zone
// is refused and changes nothing; a chosen zone moves the dates, "due" and the
// dashboard with it.
func TestTimeZone(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, c, l := zoneSite(t, dialect)
		t.Run("SiteZoneByDefault", func(t *testing.T) { zoneSiteByDefault(t, c, l) })
		t.Run("UnknownZoneRefused", func(t *testing.T) { zoneUnknownRefused(t, s, c) })
		t.Run("DatesFollowTheChosenZone", func(t *testing.T) { zoneChosen(t, c, l) })
	})
}

func zoneSiteByDefault(t *testing.T, c *apptest.Client, l *models.Lead) {
	doc := apptest.Doc(t, c.Get(paths.Account))
	if got := text(doc, "[data-testid=zone-now]"); !strings.HasPrefix(got, "Dates are shown in UTC, where it is now 20:00") {
		t.Errorf("account says %q", got)
	}
	if doc.Find("select#time_zone option[value='Asia/Tokyo']").Length() != 1 {
		t.Error("no Asia/Tokyo to choose")
	}
	lead := apptest.Doc(t, c.Get(paths.Lead(l.ID)))
	if got := text(lead, "#lead-card time"); got != "10 Mar 2026" {
		t.Errorf("created %q in UTC", got)
	}
	if strings.Contains(text(lead, "[data-testid=lead-next-action]"), "Due") {
		t.Error("due tomorrow (UTC) shown as due")
	}
}

func zoneUnknownRefused(t *testing.T, s *apptest.Site, c *apptest.Client) {
	for _, bad := range []string{"Mars/Olympus", "Local", "../../etc/passwd"} {
		resp := c.PostForm(paths.AccountTimeZone, url.Values{"time_zone": {bad}, "_csrf": {c.CSRF()}})
		doc := apptest.Doc(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || text(doc, "[data-testid=error-time_zone]") != "Choose a time zone from the list" {
			t.Errorf("%q: %d %q", bad, resp.StatusCode, text(doc, "[data-testid=error-time_zone]"))
		}
		if text(doc, "h1") != "Your account" {
			t.Errorf("heading %q", text(doc, "h1"))
		}
	}
	if u, _ := s.Store.UserByEmail(context.Background(), staffEmail); u.TimeZone != "" {
		t.Errorf("zone stored: %q", u.TimeZone)
	}
}

func zoneChosen(t *testing.T, c *apptest.Client, l *models.Lead) {
	resp := c.PostForm(paths.AccountTimeZone, url.Values{"time_zone": {"Asia/Tokyo"}, "_csrf": {c.CSRF()}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != paths.Account {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	doc := apptest.Doc(t, c.Get(paths.Account))
	if got := text(doc, "[data-testid=flash]"); got != "Dates are now shown in Asia/Tokyo." {
		t.Errorf("flash %q", got)
	}
	if got := text(doc, "[data-testid=zone-now]"); !strings.HasPrefix(got, "Dates are shown in Asia/Tokyo, where it is now 05:00") {
		t.Errorf("account says %q", got)
	}
	lead := apptest.Doc(t, c.Get(paths.Lead(l.ID)))
	if got := text(lead, "#lead-card time"); got != "11 Mar 2026" {
		t.Errorf("created %q in Tokyo", got)
	}
	if got := text(lead, "[data-testid=event] time"); got != "11 Mar 2026, 08:30 JST" {
		t.Errorf("history time %q", got)
	}
	if !strings.Contains(text(lead, "[data-testid=lead-next-action]"), "Due") {
		t.Error("due today in Tokyo not shown as due")
	}
	if apptest.Doc(t, c.Get(paths.Dashboard)).Find("[data-testid=due-leads]").Length() != 1 {
		t.Error("the dashboard lists nothing due today in Tokyo")
	}
}
