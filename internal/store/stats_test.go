package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/leadline/leadline/models"
)

func TestStats(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		u := &models.User{Email: "one@example.com", Name: "One", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		_ = s.CreateUser(ctx, u)
		addLead(t, s, "Ada", "ada@example.com", "", "")
		won := addLead(t, s, "Won", "w@example.com", "", "")
		if _, err := s.UpdateLead(ctx, won.ID, 1, u.ID, func(l *models.Lead) { l.Status = models.StatusWon }); err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(ctx, 30, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != 2 || st.ByStatus[models.StatusNew] != 1 || st.ByStatus[models.StatusWon] != 1 {
			t.Errorf("stats %+v", st)
		}
		if len(st.PerDay) != 30 || st.PerDay[29].Count != 2 || st.PerDay[0].Count != 0 {
			t.Errorf("per day %+v", st.PerDay)
		}
	})
}

// TestStatsInTheSiteZone counts a lead made at 23:30 UTC on the next day in Berlin
// (UTC+1 or +2) and on the same day in New York, and "due" follows the zone too.
func TestStatsInTheSiteZone(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		at := time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
		l := models.Submission{LeadInput: models.LeadInput{Name: "Late", Email: "late@example.com"}}.NewLead("")
		l.CreatedAt = at
		due := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
		l.NextActionAt = &due
		if _, err := s.CreateLead(ctx, l); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			zone    string
			lastDay string
			last    int64
			dueNow  bool
		}{
			{"Europe/Berlin", "2026-03-11", 1, true},
			{"America/New_York", "2026-03-10", 1, false},
			{"UTC", "2026-03-10", 1, false},
		} {
			t.Run(tc.zone, func(t *testing.T) {
				loc, err := time.LoadLocation(tc.zone)
				if err != nil {
					t.Fatal(err)
				}
				now := at.Add(time.Minute).In(loc)
				st, err := s.Stats(ctx, 7, now)
				if err != nil {
					t.Fatal(err)
				}
				last := st.PerDay[len(st.PerDay)-1]
				if last.Day.Format(time.DateOnly) != tc.lastDay || last.Count != tc.last {
					t.Errorf("last day %s: %d, want %s: %d", last.Day.Format(time.DateOnly), last.Count, tc.lastDay, tc.last)
				}
				dueLeads, err := s.DueLeads(ctx, now, 10)
				if err != nil || (len(dueLeads) == 1) != tc.dueNow || l.IsDue(now) != tc.dueNow {
					t.Errorf("due: %d leads, IsDue %v, want %v (%v)", len(dueLeads), l.IsDue(now), tc.dueNow, err)
				}
			})
		}
	})
}
