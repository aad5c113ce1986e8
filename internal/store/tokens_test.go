package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
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
		st := &storedTokens{ctx: ctx, s: s, ann: ann, bob: bob, now: now, tok: tok}

		t.Run("CreateTakesTheUsersEpoch", st.createTakesTheUsersEpoch)
		t.Run("ByHash", st.byHash)
		t.Run("ErrHashTaken", st.errHashTaken)
		t.Run("TouchAtMostOncePerInterval", st.touchAtMostOncePerInterval)
		t.Run("ExpiredTokensClearedAfterAWeek", st.expiredTokensClearedAfterAWeek)
		t.Run("RevokeOnlyYourOwn", st.revokeOnlyYourOwn)
		t.Run("ErrInactiveUser", st.errInactiveUser)
	})
}

// storedTokens is TestTokens' store, its two users and ann's first token; each method
// is a subtest, run in order on the same data.
type storedTokens struct {
	ctx      context.Context
	s        *store.Store
	ann, bob *models.User
	now      time.Time
	tok      *models.APIToken
}

// createTakesTheUsersEpoch: a new token carries the user's epoch as it is now.
func (st *storedTokens) createTakesTheUsersEpoch(t *testing.T) {
	if _, err := st.s.SetPassword(st.ctx, st.ann.ID, "y"); err != nil {
		t.Fatal(err)
	}
	if err := st.s.CreateToken(st.ctx, st.tok); err != nil {
		t.Fatal(err)
	}
	if st.tok.ID == 0 || st.tok.Epoch != 2 {
		t.Errorf("stored %+v", st.tok)
	}
}

// byHash finds the token by its hash, and an unknown hash is not found.
func (st *storedTokens) byHash(t *testing.T) {
	got, err := st.s.TokenByHash(st.ctx, "hash-1")
	if err != nil || got.ID != st.tok.ID || got.UserID != st.ann.ID || got.Prefix != "ll_abcdefgh" || got.ExpiresAt != nil {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := st.s.TokenByHash(st.ctx, "hash-0"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown hash: %v", err)
	}
}

// errHashTaken: a second token with the same hash is a conflict.
func (st *storedTokens) errHashTaken(t *testing.T) {
	err := st.s.CreateToken(st.ctx, &models.APIToken{UserID: st.bob.ID, Name: "Copy", Prefix: "p", Hash: "hash-1"})
	if !errors.Is(err, models.ErrConflict) {
		t.Errorf("err %v", err)
	}
}

// touchAtMostOncePerInterval: a touch within the interval keeps the last use, one
// after it moves it.
func (st *storedTokens) touchAtMostOncePerInterval(t *testing.T) {
	ctx, s, now, tok := st.ctx, st.s, st.now, st.tok
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
}

// expiredTokensClearedAfterAWeek: the list, newest first, leaves out a token expired
// over a week ago and keeps one expired an hour ago.
func (st *storedTokens) expiredTokensClearedAfterAWeek(t *testing.T) {
	ctx, s, now, ann := st.ctx, st.s, st.now, st.ann
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
}

// revokeOnlyYourOwn: bob cannot revoke ann's token; ann can, and then it is gone.
func (st *storedTokens) revokeOnlyYourOwn(t *testing.T) {
	if _, err := st.s.RevokeToken(st.ctx, st.bob.ID, st.tok.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("bob revoked ann's token: %v", err)
	}
	got, err := st.s.RevokeToken(st.ctx, st.ann.ID, st.tok.ID)
	if err != nil || got.Name != "CRM" {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := st.s.TokenByHash(st.ctx, "hash-1"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("after revoke: %v", err)
	}
}

// errInactiveUser: an inactive user gets no new token.
func (st *storedTokens) errInactiveUser(t *testing.T) {
	if _, err := st.s.SetActive(st.ctx, st.bob.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := st.s.CreateToken(st.ctx, &models.APIToken{UserID: st.bob.ID, Name: "x", Prefix: "p", Hash: "hash-3"}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("token for an inactive user: %v", err)
	}
}
