package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/leadline/leadline/models"
)

func TestStats(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		u := &models.User{Email: "one@example.com", Name: "One", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		_ = s.CreateUser(ctx, u)
		addLead(t, s, "Ada", "ada@example.com", "", "")
		won := addLead(t, s, "Won", "w@example.com", "", "")
		if _, err := s.UpdateLead(ctx, won.ID, 1, u.ID, func(l *models.Lead) { l.Status = models.StatusWon }); err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(ctx, 30, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != 2 || st.ByStatus[models.StatusNew] != 1 || st.ByStatus[models.StatusWon] != 1 {
			t.Errorf("stats %+v", st)
		}
		if len(st.PerDay) != 30 || st.PerDay[29].Count != 2 || st.PerDay[0].Count != 0 {
			t.Errorf("per day %+v", st.PerDay)
		}
	})
}
