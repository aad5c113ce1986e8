package models

import "testing"

func TestStatuses(t *testing.T) {
	for i, s := range Statuses() {
		t.Run(string(s), func(t *testing.T) {
			if !s.Valid() {
				t.Error("not valid")
			}
			if s.Rank() != i+1 {
				t.Errorf("rank %d, want %d (its place in Statuses)", s.Rank(), i+1)
			}
			// A status without a case in Label would read as its raw value.
			if l := s.Label(); l == "" || l == string(s) {
				t.Errorf("label %q: give the status a label", l)
			}
		})
	}
	t.Run("NotAStatus", func(t *testing.T) {
		for _, s := range []Status{"", "archived", "New", "won "} {
			if s.Valid() || s.Rank() != 0 || s.Label() != string(s) {
				t.Errorf("%q: valid %v, rank %d, label %q", s, s.Valid(), s.Rank(), s.Label())
			}
		}
	})
	t.Run("CallersCannotChangeThePipeline", func(t *testing.T) {
		Statuses()[0] = "archived"
		if Statuses()[0] != StatusNew {
			t.Error("Statuses shares its slice")
		}
	})
}
