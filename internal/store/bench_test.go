package store_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/seed"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

// listRequests are the list requests of issue 11's table, two searches of two characters
// (common and rare) and the dashboard's counts,
// as the store sees them.
var listRequests = []struct {
	name string
	f    models.LeadFilter
}{
	{"all", models.LeadFilter{}},
	{"status=won", models.LeadFilter{Status: models.StatusWon}},
	{"sort=name", models.LeadFilter{Sort: models.SortName}},
	{"sort=status", models.LeadFilter{Sort: models.SortStatus}},
	{"q=ada", models.LeadFilter{Query: "ada"}},
	{"q=security", models.LeadFilter{Query: "security"}},
	{"status=won&q=stark&sort=-name", models.LeadFilter{Status: models.StatusWon, Query: "stark", Sort: models.SortNameDesc}},
	{"page=2000", models.LeadFilter{Page: 2000}},
	{"q=zzqx", models.LeadFilter{Query: "zzqx"}},
	{"q=ad", models.LeadFilter{Query: "ad"}},
	{"q=zq", models.LeadFilter{Query: "zq"}},
}

// BenchmarkList100k measures the list's query and the dashboard's counts with 100,000
// varied leads (package seed), on PostgreSQL and SQLite, one request at a time. Each
// reports p50 and p99 beside ns/op. It asserts no timing.
func BenchmarkList100k(b *testing.B) {
	for _, dialect := range []string{"postgres", "sqlite"} {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			s, _ := MustOpen(b, dialect)
			now := time.Now()
			start := time.Now()
			if err := seed.Leads(ctx, s, seed.Options{N: 100_000, Seed: 1, Now: now, Days: 730}); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: seeded 100,000 leads in %v", dialect, time.Since(start).Round(time.Millisecond))
			for _, r := range listRequests {
				f := r.f
				f.Page, f.PerPage = max(f.Page, 1), models.DefaultPerPage
				if f.Sort == "" {
					f.Sort = models.SortNewest
				}
				b.Run(r.name, func(b *testing.B) {
					latencies(b, func() error { _, err := s.ListLeads(ctx, f, now); return err })
				})
			}
			b.Run("dashboard", func(b *testing.B) {
				latencies(b, func() error { return dashboard(ctx, s, now) })
			})
		})
	}
}

// dashboard makes the dashboard's queries.
func dashboard(ctx context.Context, s *store.Store, now time.Time) error {
	if _, err := s.Stats(ctx, 30, now); err != nil {
		return err
	}
	if _, err := s.RecentLeads(ctx, 8); err != nil {
		return err
	}
	_, err := s.DueLeads(ctx, now, 8)
	return err
}

// latencies runs fn b.N times and reports the median and the 99th percentile.
func latencies(b *testing.B, fn func() error) {
	lat := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(0, "ns/op")
}
