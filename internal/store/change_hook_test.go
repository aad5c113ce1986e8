package store_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

// recorder is a change hook that writes a row in the change's transaction, so that
// the tests can see that it commits and rolls back with the change.
type recorder struct {
	mu     sync.Mutex
	events []models.Event
	fail   error
}

func (r *recorder) hook(ctx context.Context, tx *sql.Tx, e models.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := tx.ExecContext(ctx, "INSERT INTO hook_rows (name) VALUES ('"+e.EventName()+"')"); err != nil {
		return err
	}
	if r.fail != nil {
		return r.fail
	}
	r.events = append(r.events, e)
	return nil
}

func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		out = append(out, e.EventName())
	}
	return out
}

func hookRows(t *testing.T, s *store.Store) int {
	t.Helper()
	var n int
	if err := s.SQLDB().QueryRow("SELECT count(*) FROM hook_rows").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestChangeHook(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		if _, err := s.SQLDB().Exec("CREATE TABLE hook_rows (name TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		s.SetOnChange(rec.hook)
		ada := &models.User{Email: "ada@example.com", Name: "Ada", Role: models.RoleAdmin, Active: true, PasswordHash: "x"}
		sam := &models.User{Email: "sam@example.com", Name: "Sam", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		for _, u := range []*models.User{ada, sam} {
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		sub := models.Submission{LeadInput: models.LeadInput{Name: "Grace", Email: "grace@example.com"}}
		lead := sub.NewLead("key-hook-1")

		t.Run("CreateCallsHookInItsTransaction", func(t *testing.T) {
			created, err := s.CreateLead(ctx, lead)
			if err != nil || !created {
				t.Fatalf("created %v, %v", created, err)
			}
			if got := rec.names(); len(got) != 1 || got[0] != "lead.created" {
				t.Fatalf("events %v", got)
			}
			if e := rec.events[0].(models.LeadCreated); e.Lead.ID != lead.ID || lead.ID == 0 {
				t.Fatalf("event lead %d, stored %d", e.Lead.ID, lead.ID)
			}
			if n := hookRows(t, s); n != 1 {
				t.Fatalf("%d hook rows", n)
			}
		})
		t.Run("RepeatedFormKeyCallsNothing", func(t *testing.T) {
			created, err := s.CreateLead(ctx, sub.NewLead("key-hook-1"))
			if err != nil || created {
				t.Fatalf("created %v, %v", created, err)
			}
			if got := rec.names(); len(got) != 1 {
				t.Fatalf("events %v", got)
			}
		})
		t.Run("HookErrorStoresNoLead", func(t *testing.T) {
			rec.fail = errors.New("queue refused")
			defer func() { rec.fail = nil }()
			before, _ := s.CountLeads(ctx)
			if _, err := s.CreateLead(ctx, sub.NewLead("key-hook-2")); err == nil {
				t.Fatal("no error")
			}
			after, _ := s.CountLeads(ctx)
			if after != before || hookRows(t, s) != 1 {
				t.Fatalf("leads %d → %d, hook rows %d: the failed hook's change was kept", before, after, hookRows(t, s))
			}
		})
		t.Run("OwnerChangeIsAssigned", func(t *testing.T) {
			l, err := s.UpdateLead(ctx, lead.ID, lead.Version, ada.ID, func(l *models.Lead) { l.OwnerID = &sam.ID })
			if err != nil {
				t.Fatal(err)
			}
			got := rec.names()
			if len(got) != 3 || got[1] != "lead.updated" || got[2] != "lead.assigned" {
				t.Fatalf("events %v", got)
			}
			a := rec.events[2].(models.LeadAssigned)
			if a.By != ada.ID || a.From != nil || a.To == nil || *a.To != sam.ID || a.Lead.ID != lead.ID {
				t.Fatalf("assigned %+v", a)
			}
			lead = l
		})
		t.Run("StatusChangeIsOnlyUpdated", func(t *testing.T) {
			l, err := s.UpdateLead(ctx, lead.ID, lead.Version, ada.ID, func(l *models.Lead) { l.Status = models.StatusContacted })
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.names(); len(got) != 4 || got[3] != "lead.updated" {
				t.Fatalf("events %v", got)
			}
			lead = l
		})
		t.Run("HookErrorKeepsTheOldVersion", func(t *testing.T) {
			rec.fail = errors.New("queue refused")
			defer func() { rec.fail = nil }()
			if _, err := s.UpdateLead(ctx, lead.ID, lead.Version, ada.ID, func(l *models.Lead) { l.OwnerID = &ada.ID }); err == nil {
				t.Fatal("no error")
			}
			l, err := s.Lead(ctx, lead.ID)
			if err != nil || l.Version != lead.Version || *l.OwnerID != sam.ID {
				t.Fatalf("lead %+v, %v: the failed hook's change was kept", l, err)
			}
		})
		t.Run("Delete", func(t *testing.T) {
			if err := s.DeleteLead(ctx, lead.ID); err != nil {
				t.Fatal(err)
			}
			if got := rec.names(); got[len(got)-1] != "lead.deleted" {
				t.Fatalf("events %v", got)
			}
			if err := s.DeleteLead(ctx, lead.ID); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("second delete: %v", err)
			}
		})
	})
}
