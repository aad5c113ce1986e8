package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/leadline/leadline/models"
)

// bulkSite is a hooked store with two users and three leads at version 1.
type bulkSite struct {
	*hookSite
	leads []*models.Lead
}

func newBulkSite(t *testing.T, dialect string) *bulkSite {
	t.Helper()
	b := &bulkSite{hookSite: newHookSite(t, dialect)}
	for _, name := range []string{"Ann", "Ben", "Cat"} {
		b.leads = append(b.leads, addLead(t, b.s, name, name+"@example.com", "", ""))
	}
	return b
}

func (b *bulkSite) items() []models.BulkItem {
	var out []models.BulkItem
	for _, l := range b.leads {
		out = append(out, models.BulkItem{ID: l.ID, Version: 1})
	}
	return out
}

func TestBulkUpdateLeads(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		b := newBulkSite(t, dialect)
		ann, ben, cat := b.leads[0], b.leads[1], b.leads[2]
		// Sam changes Ben after Ada loaded the list.
		if _, err := b.s.UpdateLead(ctx, ben.ID, 1, b.sam.ID, func(l *models.Lead) { l.Status = models.StatusLost }); err != nil {
			t.Fatal(err)
		}
		items := append(b.items(), models.BulkItem{ID: 999999, Version: 1})
		res, err := b.s.BulkUpdateLeads(ctx, items, b.ada.ID, func(l *models.Lead) { l.OwnerID = &b.sam.ID })
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Changed, []int64{ann.ID, cat.ID}) || !slices.Equal(res.Missing, []int64{999999}) {
			t.Errorf("changed %v missing %v", res.Changed, res.Missing)
		}
		if len(res.Conflicts) != 1 || res.Conflicts[0].Lead.ID != ben.ID || res.Conflicts[0].By != "Sam" {
			t.Fatalf("conflicts %+v", res.Conflicts)
		}
		if l, _ := b.s.Lead(ctx, ben.ID); l.OwnerID != nil || l.Status != models.StatusLost {
			t.Errorf("the stale lead was overwritten: %+v", l)
		}
		for _, id := range []int64{ann.ID, cat.ID} {
			events, err := b.s.Events(ctx, id)
			if err != nil || len(events) != 1 || events[0].Field != "owner" || events[0].UserName != "Ada" || events[0].Version != 2 {
				t.Errorf("history of %d: %+v %v", id, events, err)
			}
		}
		// Each owner change raised its assignment, as one click would (the email).
		assigned := 0
		for _, n := range b.rec.names() {
			if n == "lead.assigned" {
				assigned++
			}
		}
		if assigned != 2 {
			t.Errorf("events %v", b.rec.names())
		}
		// Again at the new versions: nothing to change, nothing recorded.
		again, err := b.s.BulkUpdateLeads(ctx, []models.BulkItem{{ID: ann.ID, Version: 2}}, b.ada.ID, func(l *models.Lead) { l.OwnerID = &b.sam.ID })
		if err != nil || !slices.Equal(again.Unchanged, []int64{ann.ID}) || len(again.Changed) != 0 {
			t.Errorf("again %+v %v", again, err)
		}
	})
}

func TestBulkDeleteLeads(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		b := newBulkSite(t, dialect)
		ann, ben := b.leads[0], b.leads[1]
		if _, err := b.s.UpdateLead(ctx, ann.ID, 1, b.sam.ID, func(l *models.Lead) { l.Company = "Renamed" }); err != nil {
			t.Fatal(err)
		}
		res, err := b.s.BulkDeleteLeads(ctx, b.items())
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Changed) != 2 || len(res.Conflicts) != 1 || res.Conflicts[0].Lead.Company != "Renamed" || res.Conflicts[0].By != "Sam" {
			t.Errorf("result %+v", res)
		}
		if _, err := b.s.Lead(ctx, ben.ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("deleted lead: %v", err)
		}
		if _, err := b.s.Lead(ctx, ann.ID); err != nil {
			t.Errorf("the stale lead was deleted: %v", err)
		}
		if n := slices.Index(b.rec.names(), "lead.deleted"); n < 0 || len(b.rec.names())-n != 2 {
			t.Errorf("events %v", b.rec.names())
		}
	})
}

func TestMatchingLeadsAndLeadsByID(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		b := newBulkSite(t, dialect)
		f := models.DefaultLeadFilter()
		f.Page, f.Query = 7, "n@" // Ann and Ben; the page is ignored
		got, total, err := b.s.MatchingLeads(ctx, f, time.Now(), 1)
		if err != nil || total != 2 || len(got) != 1 || got[0].Name != "Ben" {
			t.Errorf("matching %v of %d: %v", names(got), total, err)
		}
		ids := []int64{b.leads[2].ID, 999999, b.leads[0].ID}
		byID, err := b.s.LeadsByID(ctx, ids)
		if err != nil || names(byID) != "Cat,Ann" {
			t.Errorf("by id %q %v", names(byID), err)
		}
	})
}

// TestBulkFailureRollsBackItsBatch: when the change hook fails (the job that sends an
// assignment email cannot be queued), no lead of the batch changes without its job.
func TestBulkFailureRollsBackItsBatch(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		b := newBulkSite(t, dialect)
		b.rec.fail = errors.New("queue down")
		_, err := b.s.BulkUpdateLeads(ctx, b.items(), b.ada.ID, func(l *models.Lead) { l.OwnerID = &b.sam.ID })
		if err == nil {
			t.Fatal("no error")
		}
		for _, l := range b.leads {
			got, _ := b.s.Lead(ctx, l.ID)
			events, _ := b.s.Events(ctx, l.ID)
			if got.OwnerID != nil || got.Version != 1 || len(events) != 0 {
				t.Errorf("%s changed without its job: %+v, %d events", l.Name, got, len(events))
			}
		}
	})
}
