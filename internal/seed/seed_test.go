package seed_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/seed"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// TestLeads seeds a few hundred leads (never many: make test stays quick) and checks
// that they are there, spread over the pipeline, and findable by a common word.
func TestLeads(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testdb.New(t, d)
			st, err := store.Open(ctx, store.Options{DatabaseURL: db.URL, SQLitePath: filepath.Join(db.DataDir, "leadline.db")})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
			opts := seed.Options{N: 1500, Seed: 7, Now: now, Days: 90}
			if err := seed.Leads(ctx, st, opts); err != nil {
				t.Fatal(err)
			}
			if n, err := st.CountLeads(ctx); err != nil || n != 1500 {
				t.Fatalf("CountLeads = %d, %v; want 1500", n, err)
			}
			// Leads go back 90 days from noon: 91 calendar days hold them all.
			stats, err := st.Stats(ctx, 91, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range models.Statuses() {
				if stats.ByStatus[s] == 0 {
					t.Errorf("no lead is %s: %v", s, stats.ByStatus)
				}
			}
			var perDay int64
			for _, d := range stats.PerDay {
				perDay += d.Count
			}
			if perDay != 1500 {
				t.Errorf("leads over the 91 days = %d, want all 1500 (created within them)", perDay)
			}
			f := models.DefaultLeadFilter()
			f.Query = "security"
			if page, err := st.ListLeads(ctx, f, now); err != nil || len(page.Leads) == 0 {
				t.Errorf("search for a common word found %d leads, %v", len(page.Leads), err)
			}
		})
	}
}
