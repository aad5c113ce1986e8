package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/leadline/leadline/models"
)

// TestCreateLeadCounted: the landing form's post counts its rate limit and stores the
// lead in one statement; past the limit it stores nothing, a new window starts
// afresh, and a counter that cannot count stores nothing.
func TestCreateLeadCounted(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	hit := models.RateHit{Key: "lead:client-1", Max: 2, Window: time.Minute, Now: now}
	h := newHookSite(t, "postgres")
	if !h.s.CanCountLeadPosts() {
		t.Fatal("PostgreSQL cannot count lead posts in the insert")
	}
	steps := []struct {
		name    string
		key     string
		hit     models.RateHit
		created bool
		n       int
	}{
		{"First", "k1", hit, true, 1},
		{"SameKeyCountsStoresOnce", "k1", hit, false, 2},
		{"PastTheLimit", "k2", hit, false, 3},
		{"AnotherClient", "k3", models.RateHit{Key: "lead:client-2", Max: 2, Window: time.Minute, Now: now}, true, 1},
		{"NextWindow", "k4", models.RateHit{Key: hit.Key, Max: 2, Window: time.Minute, Now: now.Add(time.Minute)}, true, 1},
	}
	for _, st := range steps {
		created, count := postCounted(t, h, st.key, st.hit)
		if created != st.created || count.N != st.n {
			t.Errorf("%s: created %v, count %d; want %v, %d", st.name, created, count.N, st.created, st.n)
		}
		if ok, _ := count.Allowed(st.hit.Max, st.hit.Now); ok != (st.n <= st.hit.Max) {
			t.Errorf("%s: allowed %v at %d", st.name, ok, st.n)
		}
	}
	if got := fmt.Sprint(h.rec.names()); got != "[lead.created lead.created lead.created]" {
		t.Errorf("hook saw %s, want one event a stored lead", got)
	}
	if n := hookRows(t, h.s); n != 3 {
		t.Errorf("%d hook rows, want 3", n)
	}
	countedPostFailures(t, h, hit)
}

// postCounted posts one lead with its rate-limit hit in one statement.
func postCounted(t *testing.T, h *hookSite, key string, hit models.RateHit) (bool, models.RateCount) {
	t.Helper()
	l := h.sub.NewLead(key)
	created, count, err := h.s.CreateLeadCounted(context.Background(), l, hit)
	if err != nil {
		t.Fatal(err)
	}
	if created != (l.ID != 0) {
		t.Errorf("created %v with id %d", created, l.ID)
	}
	return created, count
}

// countedPostFailures: a failing hook, or counters that cannot count, store nothing.
// The site holds 3 leads when it is called.
func countedPostFailures(t *testing.T, h *hookSite, hit models.RateHit) {
	ctx := context.Background()
	h.rec.fail = errors.New("queue full")
	if created, _, err := h.s.CreateLeadCounted(ctx, h.sub.NewLead("k5"), hit); err == nil || created {
		t.Errorf("a failing hook: created %v, %v", created, err)
	}
	h.rec.fail = nil
	if err := h.s.ExecForTest(ctx, "DROP TABLE rate_counters"); err != nil {
		t.Fatal(err)
	}
	if created, _, err := h.s.CreateLeadCounted(ctx, h.sub.NewLead("k6"), hit); err == nil || created {
		t.Errorf("without the counters: created %v, %v; want an error", created, err)
	}
	if n, err := h.s.CountLeads(ctx); err != nil || n != 3 {
		t.Errorf("%d leads stored, want 3 (%v)", n, err)
	}
}
