package models

import (
	"testing"
	"time"
)

func TestTokenState(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Second), now.Add(time.Hour)
	for _, tc := range []struct {
		name  string
		tok   APIToken
		epoch int64
		want  TokenState
	}{
		{"NoExpiry", APIToken{Epoch: 3}, 3, TokenActive},
		{"NotYetExpired", APIToken{Epoch: 3, ExpiresAt: &future}, 3, TokenActive},
		{"Expired", APIToken{Epoch: 3, ExpiresAt: &past}, 3, TokenExpired},
		{"ExpiresNow", APIToken{Epoch: 3, ExpiresAt: &now}, 3, TokenExpired},
		{"EpochMoved", APIToken{Epoch: 2, ExpiresAt: &future}, 3, TokenEnded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.tok.StateFor(now, tc.epoch); got != tc.want {
				t.Errorf("state %v, want %v", got.Label(), tc.want.Label())
			}
		})
	}
}

func TestNewToken(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		n := NewToken{Name: "  CRM sync ", Expiry: Expiry30Days}
		n.Normalize()
		if err := n.Validate(); err != nil || n.Name != "CRM sync" {
			t.Errorf("%+v %v", n, err)
		}
	})
	for _, tc := range []struct {
		name  string
		in    NewToken
		field string
	}{
		{"ErrNoName", NewToken{Expiry: ExpiryNever}, "name"},
		{"ErrNameTooLong", NewToken{Name: string(make([]rune, 101)), Expiry: ExpiryNever}, "name"},
		{"ErrControl", NewToken{Name: "a\x00", Expiry: ExpiryNever}, "name"},
		{"ErrExpiry", NewToken{Name: "x", Expiry: "forever"}, "expiry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ve, _ := tc.in.Validate().(*ValidationError)
			if ve == nil || ve.Fields[tc.field] == "" {
				t.Errorf("no message for %s: %v", tc.field, ve.Fields)
			}
		})
	}
	t.Run("Lifetimes", func(t *testing.T) {
		now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		if got := Expiry30Days.ExpiresAt(now); got == nil || !got.Equal(now.AddDate(0, 0, 30)) {
			t.Errorf("30 days: %v", got)
		}
		if ExpiryNever.ExpiresAt(now) != nil {
			t.Error("never expires")
		}
		for _, e := range TokenExpiries() {
			if !e.Valid() || e.Label() == string(e) {
				t.Errorf("%q has no label or is not valid", e)
			}
		}
	})
}
