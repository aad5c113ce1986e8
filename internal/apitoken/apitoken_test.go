package apitoken

import (
	"regexp"
	"testing"
)

func TestNew(t *testing.T) {
	// The pattern a secret scanner would be given.
	pattern := regexp.MustCompile(`^ll_[a-z2-7]{52}$`)
	seen := map[string]bool{}
	for range 100 {
		secret, shown, hash := New()
		if !pattern.MatchString(secret) || !WellFormed(secret) {
			t.Fatalf("token %q does not have the documented shape", secret)
		}
		if seen[secret] {
			t.Fatal("the same token twice")
		}
		seen[secret] = true
		if len(shown) != 11 || secret[:11] != shown {
			t.Errorf("shown part %q of %q", shown, secret)
		}
		if hash != Hash(secret) || len(hash) != 64 {
			t.Errorf("hash %q", hash)
		}
	}
}

func TestWellFormed(t *testing.T) {
	secret, _, _ := New()
	for _, s := range []string{"", "ll_", secret[:len(secret)-1], secret + "a", "xx_" + secret[3:],
		secret[:10] + "A" + secret[11:], secret[:10] + "1" + secret[11:], secret[:10] + "\x00" + secret[11:]} {
		if WellFormed(s) {
			t.Errorf("%q passed as a token", s)
		}
	}
}
