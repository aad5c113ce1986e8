package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/leadline/leadline/models"
)

func TestUsers(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		u := &models.User{Email: "Ann@Example.com", Name: "Ann", Role: models.RoleStaff, Active: true, PasswordHash: "x"}

		t.Run("OK", func(t *testing.T) {
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			if u.Email != "ann@example.com" || u.SessionEpoch != 1 {
				t.Errorf("stored %+v", u)
			}
		})
		t.Run("ErrEmailTakenWhateverTheCase", func(t *testing.T) {
			err := s.CreateUser(ctx, &models.User{Email: "ANN@example.com", Name: "Other", Role: models.RoleStaff, Active: true, PasswordHash: "y"})
			var ve *models.ValidationError
			if !errors.As(err, &ve) || ve.Fields["email"] == "" {
				t.Errorf("err %v", err)
			}
		})
		t.Run("ByEmailIgnoresCase", func(t *testing.T) {
			got, err := s.UserByEmail(ctx, " ANN@example.COM ")
			if err != nil || got.ID != u.ID {
				t.Errorf("%+v %v", got, err)
			}
			if _, err := s.UserByEmail(ctx, "nobody@example.com"); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("unknown: %v", err)
			}
		})
		t.Run("ChangesBumpTheEpoch", func(t *testing.T) {
			e1, err := s.SetPassword(ctx, u.ID, "new-hash")
			if err != nil || e1 != 2 {
				t.Fatalf("epoch %d, %v", e1, err)
			}
			e2, _ := s.SetRole(ctx, u.ID, models.RoleAdmin)
			e3, _ := s.SetActive(ctx, u.ID, false)
			if e2 != 3 || e3 != 4 {
				t.Errorf("epochs %d %d", e2, e3)
			}
			got, _ := s.UserByID(ctx, u.ID)
			if got.PasswordHash != "new-hash" || got.Role != models.RoleAdmin || got.Active {
				t.Errorf("%+v", got)
			}
			if _, err := s.SetActive(ctx, 999999, true); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("unknown user: %v", err)
			}
		})
	})
}

func TestCreateFirstAdminOnce(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		var wg sync.WaitGroup
		created := make([]bool, 4)
		errs := make([]error, 4)
		for i := range created {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				u := &models.User{Email: string(rune('a'+i)) + "@example.com", Name: "Admin", PasswordHash: "x"}
				created[i], errs[i] = s.CreateFirstAdmin(ctx, u)
			}(i)
		}
		wg.Wait()
		n := 0
		for i, c := range created {
			if errs[i] != nil {
				t.Errorf("setup %d: %v", i, errs[i])
			}
			if c {
				n++
			}
		}
		if count, _ := s.CountUsers(ctx); n != 1 || count != 1 {
			t.Errorf("%d setups succeeded, %d users", n, count)
		}
		admins, _ := s.CountActiveAdmins(ctx)
		if admins != 1 {
			t.Errorf("%d active admins", admins)
		}
	})
}
