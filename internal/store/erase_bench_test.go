package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// BenchmarkEraseUntouched measures the retention sweep: each op erases one lead with
// two notes and an edit in its history, each in its own transaction, as the sweep does.
func BenchmarkEraseUntouched(b *testing.B) {
	for _, dialect := range testdb.Dialects {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			s, _ := MustOpen(b, dialect)
			u := &models.User{Email: "b@example.com", Name: "B", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
			if err := s.CreateUser(ctx, u); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				l := models.Submission{LeadInput: models.LeadInput{Name: fmt.Sprintf("Lead %d", i), Email: fmt.Sprintf("l%d@example.com", i)}}.NewLead("")
				if _, err := s.CreateLead(ctx, l); err != nil {
					b.Fatal(err)
				}
				if _, err := s.UpdateLead(ctx, l.ID, 1, u.ID, func(n *models.Lead) { n.Phone = "+1 555 0100" }); err != nil {
					b.Fatal(err)
				}
				for j := 0; j < 2; j++ {
					if err := s.AddNote(ctx, &models.Note{LeadID: l.ID, UserID: &u.ID, Body: "called"}); err != nil {
						b.Fatal(err)
					}
				}
			}
			// Every lead is untouched as of a time far enough ahead.
			cutoff := time.Now().Add(time.Hour)
			b.ResetTimer()
			n, err := s.EraseUntouched(ctx, cutoff, time.Now())
			if err != nil || n != b.N {
				b.Fatalf("erased %d of %d: %v", n, b.N, err)
			}
		})
	}
}
