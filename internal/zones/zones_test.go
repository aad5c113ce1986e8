package zones

import (
	"testing"
	"time"
)

// TestEveryNameLoads: the list holds only zones time.LoadLocation knows, so a choice
// from it is never refused.
func TestEveryNameLoads(t *testing.T) {
	if len(names) < 300 {
		t.Fatalf("only %d zones", len(names))
	}
	for _, n := range Names() {
		if _, err := time.LoadLocation(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}
