package store_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

// BenchmarkSearch100k measures the list's search on PostgreSQL with 100,000 leads, the
// way a person types it: a few letters of a name, an email domain, a word of a message,
// with and without a status filter. It reports p50 and p99 per query alongside ns/op.
func BenchmarkSearch100k(b *testing.B) {
	ctx := context.Background()
	s, db := MustOpen(b, "postgres")
	seed100k(b, s, db.Schema)
	queries := []models.LeadFilter{
		{Query: "lovelace"},
		{Query: "@example.org"},
		{Query: "invoice"},
		{Query: "zz-no-such-thing"},
		{Query: "smith", Status: models.StatusQualified},
		{Status: models.StatusWon},
		{Query: "ada", Sort: models.SortName},
	}
	now := time.Now()
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := queries[i%len(queries)]
		f.Page, f.PerPage = 1, models.DefaultPerPage
		if f.Sort == "" {
			f.Sort = models.SortNewest
		}
		start := time.Now()
		if _, err := s.ListLeads(ctx, f, now); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// seed100k inserts 100,000 varied leads in one statement and refreshes the statistics.
func seed100k(b *testing.B, s *store.Store, schema string) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	err := s.ExecForTest(ctx, `
		INSERT INTO leads (name, email, company, message, status, created_at, updated_at)
		SELECT (ARRAY['Ada','Grace','Alan','Edsger','Barbara','Ken','Margaret','Linus'])[1 + i % 8] || ' ' ||
		       (ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Thompson','Hamilton','Smith','Jones'])[1 + (i / 8) % 9] || ' ' || i,
		       'person' || i || (ARRAY['@example.com','@example.org','@corp.example','@mail.example'])[1 + i % 4],
		       'Company ' || (i % 5000),
		       (ARRAY['Please send an invoice','Call me back','Need 40 seats','Pricing question','Demo next week',''])[1 + i % 6] || ' ref ' || md5(i::text),
		       (ARRAY['new','contacted','qualified','won','lost'])[1 + i % 5],
		       now() - (i || ' minutes')::interval, now()
		FROM generate_series(1, 100000) AS i;
		ANALYZE leads;`)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 100k leads in %v", time.Since(start))
}
