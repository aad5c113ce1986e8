package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

func addLead(t *testing.T, s *store.Store, name, email, company, message string) *models.Lead {
	t.Helper()
	l := models.Submission{LeadInput: models.LeadInput{Name: name, Email: email, Company: company, Message: message}}.NewLead("")
	if _, err := s.CreateLead(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return l
}

func names(ls []models.Lead) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return strings.Join(out, ",")
}

func TestListLeads(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		now := time.Now()
		owner := &models.User{Email: "o@example.com", Name: "Olga Owner", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		if err := s.CreateUser(ctx, owner); err != nil {
			t.Fatal(err)
		}
		a := addLead(t, s, "Ada", "ada@example.com", "Engines", "100% sure")
		b := addLead(t, s, "bob", "bob@example.com", "Acme_Corp", "maybe")
		c := addLead(t, s, "Cleo", "ADA@example.com", "Zeta", "call me")
		_, err := s.UpdateLead(ctx, b.ID, 1, owner.ID, func(l *models.Lead) {
			l.Status = models.StatusWon
			l.OwnerID = &owner.ID
			yesterday := time.Now().UTC().AddDate(0, 0, -1).Truncate(24 * time.Hour)
			l.NextActionAt = &yesterday
		})
		if err != nil {
			t.Fatal(err)
		}
		list := func(f models.LeadFilter) string {
			t.Helper()
			if f.Page == 0 {
				f.Page, f.PerPage = 1, 25
			}
			ls, total, err := s.ListLeads(ctx, f, now)
			if err != nil {
				t.Fatal(err)
			}
			if f.Page == 1 && int64(len(ls)) != total && total <= int64(f.PerPage) {
				t.Errorf("total %d but %d rows", total, len(ls))
			}
			return names(ls)
		}
		cases := []struct {
			name string
			f    models.LeadFilter
			want string
		}{
			{"NewestFirst", models.LeadFilter{}, "Cleo,bob,Ada"},
			{"Oldest", models.LeadFilter{Sort: models.SortOldest}, "Ada,bob,Cleo"},
			{"NameCaseInsensitive", models.LeadFilter{Sort: models.SortName}, "Ada,bob,Cleo"},
			{"NameDesc", models.LeadFilter{Sort: models.SortNameDesc}, "Cleo,bob,Ada"},
			{"StatusPipelineOrder", models.LeadFilter{Sort: models.SortStatus}, "Cleo,Ada,bob"},
			{"SearchCaseInsensitive", models.LeadFilter{Query: "ADA@"}, "Cleo,Ada"},
			{"SearchCompany", models.LeadFilter{Query: "engines"}, "Ada"},
			{"PercentIsLiteral", models.LeadFilter{Query: "100%"}, "Ada"},
			{"PercentAloneMatchesOnlyPercent", models.LeadFilter{Query: "%"}, "Ada"},
			{"UnderscoreIsLiteral", models.LeadFilter{Query: "e_c"}, "bob"},
			{"UnderscoreNotWildcard", models.LeadFilter{Query: "a_a"}, ""},
			{"Status", models.LeadFilter{Status: models.StatusWon}, "bob"},
			{"Owner", models.LeadFilter{OwnerID: owner.ID}, "bob"},
			{"NoOwner", models.LeadFilter{OwnerNone: true}, "Cleo,Ada"},
			{"Due", models.LeadFilter{Due: true}, "bob"},
			{"Page2", models.LeadFilter{Page: 2, PerPage: 2}, "Ada"},
			{"PastTheEnd", models.LeadFilter{Page: 9, PerPage: 2}, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := list(tc.f); got != tc.want {
					t.Errorf("got %q, want %q", got, tc.want)
				}
			})
		}
		t.Run("RepeatAndOwnerName", func(t *testing.T) {
			got, err := s.Lead(ctx, c.ID)
			if err != nil || got.RepeatOf == nil || *got.RepeatOf != a.ID {
				t.Errorf("repeat of %v, want %d (%v)", got.RepeatOf, a.ID, err)
			}
			if first, _ := s.Lead(ctx, a.ID); first.RepeatOf != nil {
				t.Error("the first lead is marked as a repeat")
			}
			if got, _ := s.Lead(ctx, b.ID); got.OwnerName != "Olga Owner" {
				t.Errorf("owner name %q", got.OwnerName)
			}
		})
		t.Run("EachLeadStreamsTheFilter", func(t *testing.T) {
			var seen []string
			err := s.EachLead(ctx, models.LeadFilter{Query: "example.com", Sort: models.SortOldest}, now, func(l *models.Lead) error {
				seen = append(seen, l.Name)
				return nil
			})
			if err != nil || strings.Join(seen, ",") != "Ada,bob,Cleo" {
				t.Errorf("%v %v", seen, err)
			}
		})
		t.Run("DueLeads", func(t *testing.T) {
			due, err := s.DueLeads(ctx, now, 10)
			if err != nil || names(due) != "bob" {
				t.Errorf("%q %v", names(due), err)
			}
		})
	})
}

func TestUpdateLeadHistoryAndConflict(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		u1 := &models.User{Email: "one@example.com", Name: "One", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		u2 := &models.User{Email: "two@example.com", Name: "Two", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		_ = s.CreateUser(ctx, u1)
		_ = s.CreateUser(ctx, u2)
		l := addLead(t, s, "Ada", "ada@example.com", "", "")

		got, err := s.UpdateLead(ctx, l.ID, 1, u1.ID, func(l *models.Lead) {
			l.Status = models.StatusContacted
			l.Company = "Engines <b>"
		})
		if err != nil || got.Version != 2 || got.Status != models.StatusContacted {
			t.Fatalf("%+v %v", got, err)
		}
		// A second editor still at version 1 gets a conflict that says what they missed.
		_, err = s.UpdateLead(ctx, l.ID, 1, u2.ID, func(l *models.Lead) { l.Company = "Mine" })
		var ce *models.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, models.ErrConflict) {
			t.Fatalf("stale version: %v", err)
		}
		if ce.Current.Company != "Engines <b>" || len(ce.Since) != 2 || ce.Since[0].UserName != "One" {
			t.Errorf("conflict %+v since %+v", ce.Current, ce.Since)
		}
		if now, _ := s.Lead(ctx, l.ID); now.Company != "Engines <b>" || now.Version != 2 {
			t.Errorf("the stale edit overwrote: %+v", now)
		}
		// Nothing changed: no new version, no history.
		same, err := s.UpdateLead(ctx, l.ID, 2, u2.ID, func(l *models.Lead) {})
		if err != nil || same.Version != 2 {
			t.Errorf("no-op: %+v %v", same, err)
		}
		events, err := s.Events(ctx, l.ID)
		if err != nil || len(events) != 2 {
			t.Fatalf("events %+v %v", events, err)
		}
		byField := map[string]models.LeadEvent{}
		for _, e := range events {
			byField[e.Field] = e
		}
		if e := byField["status"]; e.OldValue != "new" || e.NewValue != "contacted" || e.UserName != "One" || e.CreatedAt.IsZero() {
			t.Errorf("status event %+v", e)
		}
		if e := byField["company"]; e.OldValue != "" || e.NewValue != "Engines <b>" {
			t.Errorf("company event %+v", e)
		}
		if _, err := s.UpdateLead(ctx, 999999, 1, u1.ID, func(l *models.Lead) {}); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("unknown lead: %v", err)
		}
	})
}

func TestNotesDeleteAndStats(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		u := &models.User{Email: "one@example.com", Name: "One", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		_ = s.CreateUser(ctx, u)
		l := addLead(t, s, "Ada", "ada@example.com", "", "")
		for _, body := range []string{"first", "second"} {
			if err := s.AddNote(ctx, &models.Note{LeadID: l.ID, UserID: &u.ID, Body: body}); err != nil {
				t.Fatal(err)
			}
		}
		notes, err := s.Notes(ctx, l.ID)
		if err != nil || len(notes) != 2 || notes[0].Body != "second" || notes[0].AuthorName != "One" {
			t.Errorf("notes %+v %v", notes, err)
		}
		if err := s.AddNote(ctx, &models.Note{LeadID: 999999, UserID: &u.ID, Body: "x"}); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("note on a missing lead: %v", err)
		}

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

		if err := s.DeleteLead(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Lead(ctx, l.ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("deleted lead: %v", err)
		}
		if notes, _ := s.Notes(ctx, l.ID); len(notes) != 0 {
			t.Error("notes outlived their lead")
		}
		if err := s.DeleteLead(ctx, l.ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("second delete: %v", err)
		}
	})
}
