package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// erasable are a visitor's values: what the form stored, what an edit replaced, and a
// note that repeats the name. After an erasure none may be found anywhere.
var erasable = []string{
	"Zebulon Quarry", "zeb.quarry@erase.example", "Quarrymen Holdings", "+44 7700 900417",
	"Please call after the quarry blast", "quarry-newsletter", "quarry-medium", "quarry-campaign",
	"https://quarry-referrer.example/", "/?utm_source=quarry-newsletter",
	"Zebulon Q. Renamed", "zeb.renamed@erase.example", "Renamed Quarry Co", "+44 7700 900999",
	"Edited quarry message", "Called Zebulon about pricing",
}

// seedErasable stores the visitor's lead from the form, edits it (the history keeps
// the old values), gives it to a colleague (an email is queued) and adds a note.
func seedErasable(t *testing.T, s *apptest.Site, staff, other int64) *models.Lead {
	t.Helper()
	ctx := context.Background()
	consent := time.Now()
	l := models.Submission{
		LeadInput: models.LeadInput{Name: erasable[0], Email: erasable[1], Company: erasable[2], Phone: erasable[3], Message: erasable[4]},
		Attribution: models.Attribution{UTMSource: erasable[5], UTMMedium: erasable[6], UTMCampaign: erasable[7],
			Referrer: erasable[8], LandingPath: erasable[9]},
	}.NewLead("k-erasable")
	l.ConsentText, l.ConsentAt = "We use your details only to reply to you.", &consent
	if _, err := s.Store.CreateLead(ctx, l); err != nil {
		t.Fatal(err)
	}
	_, err := s.Store.UpdateLead(ctx, l.ID, 1, staff, func(n *models.Lead) {
		n.Name, n.Email, n.Company, n.Phone, n.Message = erasable[10], erasable[11], erasable[12], erasable[13], erasable[14]
		n.Status, n.OwnerID = models.StatusContacted, &other
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Store.AddNote(ctx, &models.Note{LeadID: l.ID, UserID: &staff, Body: erasable[15]}); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestEraseLeavesNoTrace erases a lead and then searches every column of every table,
// River's included, for each of the visitor's values.
func TestEraseLeavesNoTrace(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := apptest.New(t, dialect, map[string]string{
			"LEADLINE_SMTP_URL": "smtp://127.0.0.1:2525", "LEADLINE_NOTIFY_TO": "team@example.com"})
		staff := &models.User{Email: "staff@example.com", Name: "Sam Staff", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		other := &models.User{Email: "olly@example.com", Name: "Olly Other", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		for _, u := range []*models.User{staff, other} {
			if err := s.Store.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		l := seedErasable(t, s, staff.ID, other.ID)
		kept := models.Submission{LeadInput: models.LeadInput{Name: "Keeper Untouched", Email: "keeper@example.com"}}.NewLead("")
		if _, err := s.Store.CreateLead(ctx, kept); err != nil {
			t.Fatal(err)
		}
		db := s.Store.SQLDB()
		cols := testdb.Columns(t, db, dialect)
		if hits := testdb.Find(t, db, dialect, cols, "Keeper Untouched"); len(hits) == 0 {
			t.Fatal("the search finds nothing, not even a lead that was kept")
		}
		if n := pendingJobs(t, s, l.ID); n != 2 {
			t.Fatalf("%d emails queued about the lead before the erasure, want 2", n)
		}
		at := time.Now().Add(time.Hour)
		if err := s.Store.EraseLead(ctx, l.ID, models.Erasure{By: &staff.ID, At: at}); err != nil {
			t.Fatal(err)
		}
		for _, v := range erasable {
			if hits := testdb.Find(t, db, dialect, cols, v); len(hits) > 0 {
				t.Errorf("%q is still stored in %v", v, hits)
			}
		}
		if n := pendingJobs(t, s, l.ID); n != 0 {
			t.Errorf("%d emails about the erased lead still queued", n)
		}
		if dialect == "sqlite" {
			// The search index's blocks hold trigrams, not whole values: look for those.
			checkSearchIndexForgets(t, db, erasable, "Keeper Untouched keeper@example.com  ")
		}
		checkAnonymousRow(t, s, l.ID, staff.ID, at)
	})
}

// checkAnonymousRow: the row stays with its status, owner and times; the history says
// who erased it; it refuses edits, notes and a second erasure.
func checkAnonymousRow(t *testing.T, s *apptest.Site, id, by int64, at time.Time) {
	t.Helper()
	ctx := context.Background()
	got, err := s.Store.Lead(ctx, id)
	if err != nil || got.Status != models.StatusContacted || got.OwnerID == nil || !got.Erased() || got.Email != "" {
		t.Fatalf("erased row %+v %v", got, err)
	}
	if !got.ErasedAt.Equal(at.Truncate(time.Millisecond)) && got.ErasedAt.Sub(at).Abs() > time.Millisecond {
		t.Errorf("erased at %v, want %v", got.ErasedAt, at)
	}
	if n, _ := s.Store.CountLeads(ctx); n != 2 {
		t.Errorf("%d leads counted, want 2", n)
	}
	events, _ := s.Store.Events(ctx, id)
	if len(events) == 0 || events[0].Field != models.FieldErased || events[0].UserName != "Sam Staff" {
		t.Errorf("history %+v", events)
	}
	if _, err := s.Store.UpdateLead(ctx, id, got.Version, by, func(n *models.Lead) { n.Name = "Back" }); !errors.Is(err, models.ErrErased) {
		t.Errorf("edit of an erased lead: %v", err)
	}
	if err := s.Store.AddNote(ctx, &models.Note{LeadID: id, UserID: &by, Body: "x"}); !errors.Is(err, models.ErrErased) {
		t.Errorf("note on an erased lead: %v", err)
	}
	if err := s.Store.EraseLead(ctx, id, models.Erasure{By: &by, At: at}); !errors.Is(err, models.ErrErased) {
		t.Errorf("second erasure: %v", err)
	}
	if err := s.Store.EraseLead(ctx, 999999, models.Erasure{By: &by, At: at}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("erasure of a missing lead: %v", err)
	}
}

// pendingJobs counts the emails about lead id that River has not sent.
func pendingJobs(t *testing.T, s *apptest.Site, id int64) int {
	t.Helper()
	q := `SELECT kind, CAST(args AS TEXT) FROM river_job WHERE state IN ('available', 'scheduled', 'retryable', 'pending')`
	if s.Store.Dialect() == store.SQLite {
		q = strings.Replace(q, "CAST(args AS TEXT)", "json(args)", 1)
	}
	rows, err := s.Store.SQLDB().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var kind string
		var args string
		if err := rows.Scan(&kind, &args); err != nil {
			t.Fatal(err)
		}
		if (kind == jobs.KindLeadCreatedMail || kind == jobs.KindAssignedMail) && leadOf([]byte(args)) == id {
			n++
		}
	}
	return n
}

func leadOf(args []byte) int64 {
	var a struct {
		LeadID int64 `json:"lead_id"`
	}
	_ = json.Unmarshal(args, &a)
	return a.LeadID
}
