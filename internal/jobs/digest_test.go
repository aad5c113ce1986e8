package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// at moves the site's clock forward to the next hh:mm in its zone.
func at(s *apptest.Site, hour, minute int) time.Time {
	now := s.Clock.Now().In(s.Config.Location)
	t := time.Date(now.Year(), now.Month(), now.Day(), hour, minute, 0, 0, now.Location())
	for !t.After(now) {
		t = t.AddDate(0, 0, 1)
	}
	s.Clock.Advance(t.Sub(now))
	return t
}

// advanceTo moves the site's clock forward to t. A new site's clock starts at the real
// time, so a later instance of a test moves to the same moment as an earlier one saw,
// rather than to "the next 08:00", which depends on when the test runs.
func advanceTo(t *testing.T, s *apptest.Site, to time.Time) {
	t.Helper()
	if d := to.Sub(s.Clock.Now()); d > 0 {
		s.Clock.Advance(d)
		return
	}
	t.Fatalf("cannot move the clock back from %v to %v", s.Clock.Now(), to)
}

// dueLead stores a lead owned by owner with its follow-up days after day (negative:
// before).
func dueLead(t *testing.T, s *apptest.Site, name string, owner int64, day time.Time, days int) {
	t.Helper()
	d := models.Today(day).AddDate(0, 0, days)
	l := models.Submission{LeadInput: models.LeadInput{Name: name, Email: "x@example.com"}}.NewLead("")
	l.OwnerID, l.NextActionAt = &owner, &d
	if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
		t.Fatal(err)
	}
}

// TestDigest: the sweep at start before 08:00 sends nothing; at 08:00 each active user
// with follow-ups due gets one email listing them; a restart later that day sends no
// second one.
func TestDigest(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		db := testdb.New(t, dialect)
		env := map[string]string{"LEADLINE_SMTP_URL": srv.URL(), "LEADLINE_TIMEZONE": "America/New_York", "LEADLINE_BASE_URL": "https://leads.example.com"}
		early := apptest.NewOn(t, db, env)
		day := at(early, 7, 0)
		sam := early.AddUser(t, "sam@example.com", "Sam Seller", models.RoleStaff, "correct horse battery staple")
		dee := early.AddUser(t, "dee@example.com", "Dee Parted", models.RoleStaff, "correct horse battery staple")
		dueLead(t, early, "Overdue Olga", sam.ID, day, -2)
		dueLead(t, early, "Today Tom", sam.ID, day, 0)
		dueLead(t, early, "Tomorrow Tim", sam.ID, day, 1)
		dueLead(t, early, "Gone Gus", dee.ID, day, 0)
		if _, err := early.Store.SetActive(context.Background(), dee.ID, false); err != nil {
			t.Fatal(err)
		}
		early.StartJobs()
		waitUntil(t, "the sweep at start ran", func() bool { return jobCount(t, early, jobs.KindDigestSweep, "completed") == 1 }, nil)
		if n := jobCount(t, early, jobs.KindDigestMail); n != 0 {
			t.Fatalf("%d digests before 08:00", n)
		}
		early.Close()

		eight := apptest.NewOn(t, db, env)
		advanceTo(t, eight, day.Add(time.Hour)) // 08:00 on the day the leads are due around
		eight.StartJobs()
		got := srv.WaitFor(t, 1, waitMail, nil)
		m := mailtest.Parse(t, got[0].Raw)
		if got[0].To[0] != "sam@example.com" || m.Subject != "2 follow-ups due today" ||
			!strings.Contains(m.Text, "- Overdue Olga, overdue since") || !strings.Contains(m.Text, "- Today Tom, due") ||
			strings.Contains(m.Text, "Tomorrow Tim") || !strings.Contains(m.Text, "https://leads.example.com/app/leads?due=1&owner=me&sort=created") {
			t.Fatalf("to %v: %q\n%s", got[0].To, m.Subject, m.Text)
		}
		waitUntil(t, "the digest is completed", func() bool { return jobCount(t, eight, jobs.KindDigestMail, "completed") == 1 }, nil)
		eight.Close()

		later := apptest.NewOn(t, db, env)
		advanceTo(t, later, day.Add(4*time.Hour+30*time.Minute)) // 11:30 the same day
		later.StartJobs()
		waitUntil(t, "the sweep after the restart ran", func() bool { return jobCount(t, later, jobs.KindDigestSweep, "completed") == 3 }, nil)
		if n := jobCount(t, later, jobs.KindDigestMail); n != 1 || len(srv.Messages()) != 1 {
			t.Fatalf("%d digest jobs, %d emails after a restart the same day", n, len(srv.Messages()))
		}
	})
}
