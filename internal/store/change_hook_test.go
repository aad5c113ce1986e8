package store_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

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

// hookSite is a store with a recording hook, two users and a lead.
type hookSite struct {
	s        *store.Store
	rec      *recorder
	after    *committedLog
	ada, sam *models.User
	sub      models.Submission
	lead     *models.Lead
}

func newHookSite(t *testing.T, dialect string) *hookSite {
	t.Helper()
	s, _ := MustOpen(t, dialect)
	if _, err := s.SQLDB().Exec("CREATE TABLE hook_rows (name TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	h := &hookSite{s: s, rec: &recorder{}, after: &committedLog{}}
	s.AddOnChange(h.rec.hook, nil)
	s.AddAfterCommit(h.after.add)
	h.ada = &models.User{Email: "ada@example.com", Name: "Ada", Role: models.RoleAdmin, Active: true, PasswordHash: "x"}
	h.sam = &models.User{Email: "sam@example.com", Name: "Sam", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
	for _, u := range []*models.User{h.ada, h.sam} {
		if err := s.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	h.sub = models.Submission{LeadInput: models.LeadInput{Name: "Grace", Email: "grace@example.com"}}
	h.lead = h.sub.NewLead("key-hook-1")
	return h
}

func TestChangeHook(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		h := newHookSite(t, dialect)
		t.Run("CreateCallsHookInItsTransaction", h.create)
		t.Run("RepeatedFormKeyCallsNothing", h.repeat)
		t.Run("HookErrorStoresNoLead", h.createFails)
		t.Run("OwnerChangeIsAssigned", h.assign)
		t.Run("StatusChangeIsOnlyUpdated", h.status)
		t.Run("HookErrorKeepsTheOldVersion", h.updateFails)
		t.Run("Delete", h.delete)
		t.Run("AfterCommitSawOnlyCommittedChanges", func(t *testing.T) {
			want := []string{"lead.created", "lead.updated", "lead.assigned", "lead.updated", "lead.deleted"}
			if got := h.after.names(); !slices.Equal(got, want) {
				t.Fatalf("after commit %v, want %v (no rolled-back change, no repeat)", got, want)
			}
		})
	})
}

// committedLog is an after-commit hook that notes the events it is told of.
type committedLog struct {
	mu   sync.Mutex
	seen []string
}

func (c *committedLog) add(e models.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = append(c.seen, e.EventName())
}

func (c *committedLog) names() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.seen)
}

// TestAfterCommitAlone: with no in-transaction hook a new lead stays one statement, and
// the after-commit hook still hears of it; a stale edit is heard of by nobody.
func TestAfterCommitAlone(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		s, _ := MustOpen(t, dialect)
		log := &committedLog{}
		s.AddAfterCommit(log.add)
		ctx := context.Background()
		l := models.Submission{LeadInput: models.LeadInput{Name: "Grace", Email: "grace@example.com"}}.NewLead("key-after-1")
		if created, err := s.CreateLead(ctx, l); err != nil || !created {
			t.Fatalf("created %v, %v", created, err)
		}
		if _, err := s.CreateLead(ctx, models.Submission{LeadInput: models.LeadInput{Name: "Grace", Email: "grace@example.com"}}.NewLead("key-after-1")); err != nil {
			t.Fatal(err)
		}
		var ce *models.ConflictError
		if _, err := s.UpdateLead(ctx, l.ID, l.Version+5, 0, func(l *models.Lead) { l.Name = "Ada" }); !errors.As(err, &ce) {
			t.Fatalf("stale edit: %v", err)
		}
		if got := log.names(); !slices.Equal(got, []string{"lead.created"}) {
			t.Fatalf("after commit %v, want only lead.created", got)
		}
	})
}

// TestHookThatWantsNothing: a new lead no hook wants is stored without the hooks (the
// landing form's one-statement path, counted or not) and still heard of after commit;
// one the hook wants runs it in the lead's transaction.
func TestHookThatWantsNothing(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		s, _ := MustOpen(t, dialect)
		if _, err := s.SQLDB().Exec("CREATE TABLE hook_rows (name TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		rec, after := &recorder{}, &committedLog{}
		want := false
		s.AddOnChange(rec.hook, func(context.Context, models.Event) bool { return want })
		s.AddAfterCommit(after.add)
		ctx := context.Background()
		sub := models.Submission{LeadInput: models.LeadInput{Name: "Grace", Email: "grace@example.com"}}
		create := func(key string) {
			t.Helper()
			if created, err := s.CreateLead(ctx, sub.NewLead(key)); err != nil || !created {
				t.Fatalf("%s: created %v, %v", key, created, err)
			}
			if !s.CanCountLeadPosts() {
				return
			}
			hit := models.RateHit{Key: "wants-" + key, Now: time.Now(), Window: time.Minute, Max: 10}
			if created, _, err := s.CreateLeadCounted(ctx, sub.NewLead(key+"-counted"), hit); err != nil || !created {
				t.Fatalf("%s counted: created %v, %v", key, created, err)
			}
		}
		create("key-wants-none")
		if n := hookRows(t, s); n != 0 || len(rec.names()) != 0 {
			t.Fatalf("a hook that wants nothing ran: %d rows, events %v", n, rec.names())
		}
		heard := len(after.names())
		want = true
		create("key-wants-all")
		if n := hookRows(t, s); n == 0 || len(rec.names()) != n {
			t.Fatalf("the wanting hook: %d rows, events %v", n, rec.names())
		}
		if got := len(after.names()); heard == 0 || got != 2*heard {
			t.Fatalf("after commit heard %d then %d leads", heard, got)
		}
	})
}

func (h *hookSite) create(t *testing.T) {
	created, err := h.s.CreateLead(context.Background(), h.lead)
	if err != nil || !created {
		t.Fatalf("created %v, %v", created, err)
	}
	if got := h.rec.names(); len(got) != 1 || got[0] != "lead.created" {
		t.Fatalf("events %v", got)
	}
	if e := h.rec.events[0].(models.LeadCreated); e.Lead.ID != h.lead.ID || h.lead.ID == 0 {
		t.Fatalf("event lead %d, stored %d", e.Lead.ID, h.lead.ID)
	}
	if n := hookRows(t, h.s); n != 1 {
		t.Fatalf("%d hook rows", n)
	}
}

func (h *hookSite) repeat(t *testing.T) {
	created, err := h.s.CreateLead(context.Background(), h.sub.NewLead("key-hook-1"))
	if err != nil || created {
		t.Fatalf("created %v, %v", created, err)
	}
	if got := h.rec.names(); len(got) != 1 {
		t.Fatalf("events %v", got)
	}
}

func (h *hookSite) createFails(t *testing.T) {
	ctx := context.Background()
	h.rec.fail = errors.New("queue refused")
	defer func() { h.rec.fail = nil }()
	before, _ := h.s.CountLeads(ctx)
	if _, err := h.s.CreateLead(ctx, h.sub.NewLead("key-hook-2")); err == nil {
		t.Fatal("no error")
	}
	after, _ := h.s.CountLeads(ctx)
	if after != before || hookRows(t, h.s) != 1 {
		t.Fatalf("leads %d → %d, hook rows %d: the failed hook's change was kept", before, after, hookRows(t, h.s))
	}
}

func (h *hookSite) assign(t *testing.T) {
	l, err := h.s.UpdateLead(context.Background(), h.lead.ID, h.lead.Version, h.ada.ID, func(l *models.Lead) { l.OwnerID = &h.sam.ID })
	if err != nil {
		t.Fatal(err)
	}
	got := h.rec.names()
	if len(got) != 3 || got[1] != "lead.updated" || got[2] != "lead.assigned" {
		t.Fatalf("events %v", got)
	}
	a := h.rec.events[2].(models.LeadAssigned)
	if a.By != h.ada.ID || a.From != nil || a.To == nil || *a.To != h.sam.ID || a.Lead.ID != h.lead.ID {
		t.Fatalf("assigned %+v", a)
	}
	h.lead = l
}

func (h *hookSite) status(t *testing.T) {
	l, err := h.s.UpdateLead(context.Background(), h.lead.ID, h.lead.Version, h.ada.ID, func(l *models.Lead) { l.Status = models.StatusContacted })
	if err != nil {
		t.Fatal(err)
	}
	if got := h.rec.names(); len(got) != 4 || got[3] != "lead.updated" {
		t.Fatalf("events %v", got)
	}
	h.lead = l
}

func (h *hookSite) updateFails(t *testing.T) {
	ctx := context.Background()
	h.rec.fail = errors.New("queue refused")
	defer func() { h.rec.fail = nil }()
	if _, err := h.s.UpdateLead(ctx, h.lead.ID, h.lead.Version, h.ada.ID, func(l *models.Lead) { l.OwnerID = &h.ada.ID }); err == nil {
		t.Fatal("no error")
	}
	l, err := h.s.Lead(ctx, h.lead.ID)
	if err != nil || l.Version != h.lead.Version || *l.OwnerID != h.sam.ID {
		t.Fatalf("lead %+v, %v: the failed hook's change was kept", l, err)
	}
}

func (h *hookSite) delete(t *testing.T) {
	ctx := context.Background()
	if err := h.s.DeleteLead(ctx, h.lead.ID); err != nil {
		t.Fatal(err)
	}
	if got := h.rec.names(); got[len(got)-1] != "lead.deleted" {
		t.Fatalf("events %v", got)
	}
	if err := h.s.DeleteLead(ctx, h.lead.ID); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}
