package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// touchedAt stores a lead last changed at t.
func touchedAt(t *testing.T, s *apptest.Site, name string, at time.Time) *models.Lead {
	t.Helper()
	l := models.Submission{LeadInput: models.LeadInput{Name: name, Email: name + "@example.com"}}.NewLead("")
	l.CreatedAt, l.UpdatedAt = at, at
	if _, err := s.Store.CreateLead(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return l
}

func erased(t *testing.T, s *apptest.Site, id int64) bool {
	t.Helper()
	l, err := s.Store.Lead(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l.Erased()
}

// TestRetention: with LEADLINE_RETENTION=30d and mail off, the sweep erases the leads
// untouched for longer than 30 days as "retention", and keeps the others until their
// turn comes. The clock moves; nothing sleeps.
func TestRetention(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		db := testdb.New(t, dialect)
		env := map[string]string{"LEADLINE_RETENTION": "30d"}
		first := apptest.NewOn(t, db, env)
		start := first.Clock.Now()
		old := touchedAt(t, first, "olga", start)
		fresh := touchedAt(t, first, "fred", start.Add(20*24*time.Hour))
		advanceTo(t, first, start.Add(31*24*time.Hour))
		first.StartJobs()
		waitUntil(t, "the sweep at start ran", func() bool { return jobCount(t, first, jobs.KindRetentionSweep, "completed") == 1 }, nil)
		if !erased(t, first, old.ID) || erased(t, first, fresh.ID) {
			t.Fatalf("after 31 days: old erased %v, fresh erased %v", erased(t, first, old.ID), erased(t, first, fresh.ID))
		}
		events, _ := first.Store.Events(context.Background(), old.ID)
		if len(events) != 1 || events[0].Field != models.FieldErased || events[0].UserID != nil || events[0].NewValue != models.ActorRetention {
			t.Errorf("history %+v", events)
		}
		first.Close()

		// A month later (a restart; River also runs it daily at RetentionHour) the fresh
		// lead's turn has come: 41 days untouched.
		second := apptest.NewOn(t, db, env)
		advanceTo(t, second, start.Add(61*24*time.Hour))
		second.StartJobs()
		waitUntil(t, "the second sweep ran", func() bool { return jobCount(t, second, jobs.KindRetentionSweep, "completed") == 2 }, nil)
		if !erased(t, second, fresh.ID) {
			t.Error("the lead untouched for 41 days was kept")
		}
		if n, _ := second.Store.CountLeads(context.Background()); n != 2 {
			t.Errorf("%d leads counted, want 2", n)
		}
	})
}
