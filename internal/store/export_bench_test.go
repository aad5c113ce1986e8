package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/seed"
	"github.com/leadline/leadline/models"
)

// BenchmarkEachLead100k reads every one of 100,000 varied leads the way the CSV export
// does, newest first, on PostgreSQL and SQLite, and reports rows a second. The HTTP
// side of the export (quoting and writing) is measured by handlers' BenchmarkCSVRows.
func BenchmarkEachLead100k(b *testing.B) {
	const n = 100_000
	for _, dialect := range []string{"postgres", "sqlite"} {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			s, _ := MustOpen(b, dialect)
			now := time.Now()
			if err := seed.Leads(ctx, s, seed.Options{N: n, Seed: 1, Now: now, Days: 730}); err != nil {
				b.Fatal(err)
			}
			f := models.LeadFilter{Sort: models.SortNewest}
			rows := 0
			for b.Loop() {
				err := s.EachLead(ctx, f, now, func(*models.Lead) error { rows++; return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
