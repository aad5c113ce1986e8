package handlers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/views"
)

// TestConsentKeptWithTheLead: the landing form shows the content's consent line, the
// lead keeps it with the time it was sent, and the lead's page shows both.
func TestConsentKeptWithTheLead(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, map[string]string{"LEADLINE_TIMEZONE": "Europe/Berlin"})
		line := views.DefaultContent().FormLabels.Privacy
		if !strings.Contains(apptest.Body(t, s.Get(paths.Landing)), line) {
			t.Fatal("the landing form does not show the consent line")
		}
		if resp := s.PostForm(paths.LandingForm, validLead()); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("post: %d", resp.StatusCode)
		}
		l := leads(t, s)[0]
		if l.ConsentText != line || l.ConsentAt == nil || l.ConsentAt.Sub(s.Clock.Now()).Abs() > time.Millisecond {
			t.Fatalf("consent %q at %v, clock %v", l.ConsentText, l.ConsentAt, s.Clock.Now())
		}
		c := s.Client(t)
		c.Login(staffEmail, goodPass)
		doc := apptest.Doc(t, c.Get(paths.Lead(l.ID)))
		got := text(doc, "[data-testid=lead-consent]")
		want := "Agreed " + l.ConsentAt.In(s.Config.Location).Format("2 Jan 2006, 15:04 MST")
		if !strings.Contains(got, line) || !strings.Contains(got, want) {
			t.Errorf("consent on the page %q, want the line and %q", got, want)
		}
	})
}
