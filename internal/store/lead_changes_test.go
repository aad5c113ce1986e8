package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/leadline/leadline/models"
)

func TestUpdateLeadHistoryAndConflict(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		u1 := &models.User{Email: "one@example.com", Name: "One", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		u2 := &models.User{Email: "two@example.com", Name: "Two", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		_ = s.CreateUser(ctx, u1)
		_ = s.CreateUser(ctx, u2)
		l := addLead(t, s, "Ada", "ada@example.com", "", "")

		got, err := s.UpdateLead(ctx, l.ID, 1, u1.ID, func(l *models.Lead) {
			l.Status = models.StatusContacted
			l.Company = "Engines <b>"
		})
		if err != nil || got.Version != 2 || got.Status != models.StatusContacted {
			t.Fatalf("%+v %v", got, err)
		}
		// A second editor still at version 1 gets a conflict that says what they missed.
		_, err = s.UpdateLead(ctx, l.ID, 1, u2.ID, func(l *models.Lead) { l.Company = "Mine" })
		var ce *models.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, models.ErrConflict) {
			t.Fatalf("stale version: %v", err)
		}
		if ce.Current.Company != "Engines <b>" || len(ce.Since) != 2 || ce.Since[0].UserName != "One" {
			t.Errorf("conflict %+v since %+v", ce.Current, ce.Since)
		}
		if now, _ := s.Lead(ctx, l.ID); now.Company != "Engines <b>" || now.Version != 2 {
			t.Errorf("the stale edit overwrote: %+v", now)
		}
		// Nothing changed: no new version, no history.
		same, err := s.UpdateLead(ctx, l.ID, 2, u2.ID, func(l *models.Lead) {})
		if err != nil || same.Version != 2 {
			t.Errorf("no-op: %+v %v", same, err)
		}
		events, err := s.Events(ctx, l.ID)
		if err != nil || len(events) != 2 {
			t.Fatalf("events %+v %v", events, err)
		}
		byField := map[string]models.LeadEvent{}
		for _, e := range events {
			byField[e.Field] = e
		}
		if e := byField["status"]; e.OldValue != "new" || e.NewValue != "contacted" || e.UserName != "One" || e.CreatedAt.IsZero() {
			t.Errorf("status event %+v", e)
		}
		if e := byField["company"]; e.OldValue != "" || e.NewValue != "Engines <b>" {
			t.Errorf("company event %+v", e)
		}
		if _, err := s.UpdateLead(ctx, 999999, 1, u1.ID, func(l *models.Lead) {}); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("unknown lead: %v", err)
		}
	})
}

func TestDeleteLead(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		l := addLead(t, s, "Ada", "ada@example.com", "", "")
		t.Run("OK", func(t *testing.T) {
			if err := s.DeleteLead(ctx, l.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Lead(ctx, l.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("deleted lead: %v", err)
			}
		})
		t.Run("ErrNotFoundTheSecondTime", func(t *testing.T) {
			if err := s.DeleteLead(ctx, l.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("second delete: %v", err)
			}
		})
	})
}
