package store_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

// TestStatusesInTheDatabase holds the database's copy of the pipeline to
// models.Statuses(). The CHECK constraint on leads.status must spell the statuses out
// in SQL, and an applied migration never changes, so a status added to (or dropped
// from) models needs a new migration; these tests fail until it exists.
func TestStatusesInTheDatabase(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)

		t.Run("CheckConstraintListsModelsStatuses", func(t *testing.T) {
			got := checkedStatuses(t, s)
			want := statusStrings(models.Statuses())
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("the CHECK constraint on leads.status allows %q; models.Statuses() is %q", got, want)
			}
		})
		// Inserted in reverse pipeline order, so the creation order cannot pass for it.
		statuses := models.Statuses()
		slices.Reverse(statuses)
		for _, st := range statuses {
			t.Run("Stores/"+string(st), func(t *testing.T) {
				l := models.Submission{LeadInput: models.LeadInput{Name: "Ada " + string(st), Email: "ada@example.com"}}.NewLead("")
				l.Status = st
				if _, err := s.CreateLead(ctx, l); err != nil {
					t.Fatalf("status %q refused: %v", st, err)
				}
			})
		}
		t.Run("ErrOtherValue", func(t *testing.T) {
			l := models.Submission{LeadInput: models.LeadInput{Name: "Ada", Email: "ada@example.com"}}.NewLead("")
			l.Status = "archived"
			if _, err := s.CreateLead(ctx, l); !errors.Is(err, models.ErrInvalid) {
				t.Errorf("a status models does not have: %v, want the CHECK's refusal", err)
			}
		})
		t.Run("SortFollowsRank", func(t *testing.T) {
			f := models.LeadFilter{Sort: models.SortStatus, Page: 1, PerPage: models.MaxPerPage}
			page, err := s.ListLeads(ctx, f, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			ls := page.Leads
			var got []models.Status
			for _, l := range ls {
				got = append(got, l.Status)
			}
			if !slices.Equal(got, models.Statuses()) {
				t.Errorf("sorted by status: %q, want %q", got, models.Statuses())
			}
		})
	})
}

// checkedStatuses reads the values the database's CHECK constraint on leads.status
// allows, from the catalog: what the migrations applied, not what a file says.
func checkedStatuses(t *testing.T, s *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	// PostgreSQL writes the constraint back as status = ANY (ARRAY['new'::text, …]);
	// SQLite keeps the CREATE TABLE as written: CHECK (status IN ('new', …)).
	q := `SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'leads'::regclass AND contype = 'c'`
	if s.Dialect() == store.SQLite {
		q = `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'leads'`
	}
	rows, err := s.SQLDB().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	check := regexp.MustCompile(`(?is)CHECK\s*\(+\s*status\b([^;]*?)\)\s*\)`)
	literal := regexp.MustCompile(`'([^']*)'`)
	var out []string
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			t.Fatal(err)
		}
		for _, m := range check.FindAllStringSubmatch(def, -1) {
			for _, lit := range literal.FindAllStringSubmatch(m[1], -1) {
				out = append(out, lit[1])
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("found no CHECK constraint on leads.status")
	}
	return out
}

func statusStrings(ss []models.Status) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}
