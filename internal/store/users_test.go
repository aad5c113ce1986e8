package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/leadline/leadline/internal/store"
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
			addAdmin(t, s, "keeper@example.com") // so that Ann, once admin, may be deactivated
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
		if admins := activeAdmins(t, s); len(admins) != 1 {
			t.Errorf("%d active admins", len(admins))
		}
	})
}

// activeAdmins lists the ids of the admins who can sign in.
func activeAdmins(t *testing.T, s *store.Store) []int64 {
	t.Helper()
	users, err := s.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, u := range users {
		if u.Role == models.RoleAdmin && u.Active {
			out = append(out, u.ID)
		}
	}
	return out
}

// addAdmin stores an active admin.
func addAdmin(t *testing.T, s *store.Store, email string) *models.User {
	t.Helper()
	u := &models.User{Email: email, Name: email, Role: models.RoleAdmin, Active: true, PasswordHash: "x"}
	if err := s.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

// TestLastAdminStays covers the rule that spans rows: some active admin always remains.
func TestLastAdminStays(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		ann := addAdmin(t, s, "ann@example.com")
		bob := addAdmin(t, s, "bob@example.com")
		off := addAdmin(t, s, "off@example.com")
		if _, err := s.SetActive(ctx, off.ID, false); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name string
			do   func() (int64, error)
			want error
		}{
			{"DemoteOneOfTwo", func() (int64, error) { return s.SetRole(ctx, bob.ID, models.RoleStaff) }, nil},
			{"ErrLastAdminDemoted", func() (int64, error) { return s.SetRole(ctx, ann.ID, models.RoleStaff) }, models.ErrLastAdmin},
			{"ErrLastAdminDeactivated", func() (int64, error) { return s.SetActive(ctx, ann.ID, false) }, models.ErrLastAdmin},
			// An inactive admin does not count, and changing them takes nothing away.
			{"InactiveAdminDemoted", func() (int64, error) { return s.SetRole(ctx, off.ID, models.RoleStaff) }, nil},
			{"LastAdminKeepsRole", func() (int64, error) { return s.SetRole(ctx, ann.ID, models.RoleAdmin) }, nil},
			{"LastAdminKeepsActive", func() (int64, error) { return s.SetActive(ctx, ann.ID, true) }, nil},
			{"StaffDeactivated", func() (int64, error) { return s.SetActive(ctx, bob.ID, false) }, nil},
			{"ErrNotFound", func() (int64, error) { return s.SetActive(ctx, 999999, false) }, models.ErrNotFound},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				_, err := st.do()
				if (st.want == nil && err != nil) || !errors.Is(err, st.want) {
					t.Errorf("err %v, want %v", err, st.want)
				}
			})
		}
		if got := activeAdmins(t, s); len(got) != 1 || got[0] != ann.ID {
			t.Errorf("active admins %v, want [%d]", got, ann.ID)
		}
	})
}

// TestLastAdminStaysUnderRace has two admins take each other's rights at the same
// moment, many times over, by role, by deactivation and both mixed. One of each pair
// must win and the other get models.ErrLastAdmin; never may both win.
func TestLastAdminStaysUnderRace(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		a := addAdmin(t, s, "ann@example.com")
		b := addAdmin(t, s, "bob@example.com")
		takes := []func(id int64) error{
			func(id int64) error { _, err := s.SetRole(ctx, id, models.RoleStaff); return err },
			func(id int64) error { _, err := s.SetActive(ctx, id, false); return err },
		}
		for round := 0; round < 50; round++ {
			start := make(chan struct{})
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, target := range []int64{b.ID, a.ID} { // ann takes bob's rights, bob ann's
				take := takes[(round>>i)&1]
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = take(target)
				}()
			}
			close(start)
			wg.Wait()
			admins := activeAdmins(t, s)
			won := 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case !errors.Is(err, models.ErrLastAdmin):
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if len(admins) != 1 || won != 1 {
				t.Fatalf("round %d: %d changes went through, active admins now %v", round, won, admins)
			}
			restore(t, s, a.ID, b.ID)
		}
	})
}

// restore makes the users active admins again.
func restore(t *testing.T, s *store.Store, ids ...int64) {
	t.Helper()
	for _, id := range ids {
		if _, err := s.SetRole(context.Background(), id, models.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetActive(context.Background(), id, true); err != nil {
			t.Fatal(err)
		}
	}
}
