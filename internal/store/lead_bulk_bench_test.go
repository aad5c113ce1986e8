package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// BenchmarkBulkStatus1000 sets the status of models.MaxBulk leads in one bulk action,
// the largest the list allows: one transaction, one history row and one version check
// per lead. An op is the whole action; ms-per-lead is its cost per lead.
func BenchmarkBulkStatus1000(b *testing.B) {
	for _, d := range testdb.Dialects {
		b.Run(d, func(b *testing.B) {
			ctx := context.Background()
			s, _ := MustOpen(b, d)
			u := &models.User{Email: "bench@example.com", Name: "Bench", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
			if err := s.CreateUser(ctx, u); err != nil {
				b.Fatal(err)
			}
			items := make([]models.BulkItem, 0, models.MaxBulk)
			for range models.MaxBulk {
				l := models.Submission{LeadInput: models.LeadInput{Name: "Bulk", Email: "bulk@example.com"}}.NewLead("")
				if _, err := s.CreateLead(ctx, l); err != nil {
					b.Fatal(err)
				}
				items = append(items, models.BulkItem{ID: l.ID, Version: 1})
			}
			statuses := []models.Status{models.StatusWon, models.StatusLost}
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				st := statuses[i%2]
				res, err := s.BulkUpdateLeads(ctx, items, u.ID, func(l *models.Lead) { l.Status = st })
				if err != nil || len(res.Changed) != len(items) {
					b.Fatalf("changed %d of %d: %v", len(res.Changed), len(items), err)
				}
				for j := range items {
					items[j].Version++
				}
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N*len(items)), "ms-per-lead")
		})
	}
}
