package store

import "testing"

func TestRoundEstimate(t *testing.T) {
	for in, want := range map[int64]int64{0: 0, 7: 7, 99: 99, 101: 100, 1049: 1000, 1050: 1100, 20202: 20000, 202020: 200000, 6432: 6400} {
		if got := roundEstimate(in); got != want {
			t.Errorf("roundEstimate(%d) = %d, want %d", in, got, want)
		}
	}
}
