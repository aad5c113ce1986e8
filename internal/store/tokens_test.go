package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/leadline/leadline/models"
)

func TestTokens(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		ann := &models.User{Email: "ann@example.com", Name: "Ann", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		bob := &models.User{Email: "bob@example.com", Name: "Bob", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		for _, u := range []*models.User{ann, bob} {
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Now().UTC().Truncate(time.Millisecond)
		tok := &models.APIToken{UserID: ann.ID, Name: "CRM", Prefix: "ll_abcdefgh", Hash: "hash-1", CreatedAt: now}

		t.Run("CreateTakesTheUsersEpoch", func(t *testing.T) {
			if _, err := s.SetPassword(ctx, ann.ID, "y"); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
			if tok.ID == 0 || tok.Epoch != 2 {
				t.Errorf("stored %+v", tok)
			}
		})
		t.Run("ByHash", func(t *testing.T) {
			got, err := s.TokenByHash(ctx, "hash-1")
			if err != nil || got.ID != tok.ID || got.UserID != ann.ID || got.Prefix != "ll_abcdefgh" || got.ExpiresAt != nil {
				t.Fatalf("%+v %v", got, err)
			}
			if _, err := s.TokenByHash(ctx, "hash-0"); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("unknown hash: %v", err)
			}
		})
		t.Run("ErrHashTaken", func(t *testing.T) {
			err := s.CreateToken(ctx, &models.APIToken{UserID: bob.ID, Name: "Copy", Prefix: "p", Hash: "hash-1"})
			if !errors.Is(err, models.ErrConflict) {
				t.Errorf("err %v", err)
			}
		})
		t.Run("TouchAtMostOncePerInterval", func(t *testing.T) {
			used := func() time.Time {
				got, err := s.TokenByHash(ctx, "hash-1")
				if err != nil || got.LastUsedAt == nil {
					t.Fatalf("%+v %v", got, err)
				}
				return *got.LastUsedAt
			}
			if err := s.TouchToken(ctx, tok.ID, now, now.Add(-time.Minute)); err != nil {
				t.Fatal(err)
			}
			first := used()
			if err := s.TouchToken(ctx, tok.ID, now.Add(30*time.Second), now.Add(-30*time.Second)); err != nil {
				t.Fatal(err)
			}
			if got := used(); !got.Equal(first) {
				t.Errorf("touched again within the interval: %v then %v", first, got)
			}
			if err := s.TouchToken(ctx, tok.ID, now.Add(2*time.Minute), now.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			if got := used(); !got.After(first) {
				t.Errorf("not touched after the interval: %v", got)
			}
		})
		t.Run("ExpiredTokensClearedAfterAWeek", func(t *testing.T) {
			old := now.Add(-8 * 24 * time.Hour)
			recent := now.Add(-time.Hour)
			for i, exp := range []time.Time{old, recent} {
				e := exp
				if err := s.CreateToken(ctx, &models.APIToken{UserID: ann.ID, Name: "Run", Prefix: "p", Hash: "exp-" + string(rune('a'+i)), ExpiresAt: &e, CreatedAt: exp.Add(-time.Hour)}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.CreateToken(ctx, &models.APIToken{UserID: ann.ID, Name: "New", Prefix: "p", Hash: "hash-2", CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			list, err := s.Tokens(ctx, ann.ID)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, x := range list {
				names = append(names, x.Name+"/"+x.Hash)
			}
			if len(list) != 3 || list[0].Hash != "hash-2" || list[1].Hash != "exp-b" || list[2].Hash != "hash-1" {
				t.Errorf("tokens, newest first: %v", names)
			}
		})
		t.Run("RevokeOnlyYourOwn", func(t *testing.T) {
			if _, err := s.RevokeToken(ctx, bob.ID, tok.ID); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("bob revoked ann's token: %v", err)
			}
			got, err := s.RevokeToken(ctx, ann.ID, tok.ID)
			if err != nil || got.Name != "CRM" {
				t.Fatalf("%+v %v", got, err)
			}
			if _, err := s.TokenByHash(ctx, "hash-1"); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("after revoke: %v", err)
			}
		})
		t.Run("ErrInactiveUser", func(t *testing.T) {
			if _, err := s.SetActive(ctx, bob.ID, false); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateToken(ctx, &models.APIToken{UserID: bob.ID, Name: "x", Prefix: "p", Hash: "hash-3"}); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("token for an inactive user: %v", err)
			}
		})
	})
}
