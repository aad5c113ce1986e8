// Package password hashes and checks staff passwords with bcrypt.
package password

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// DefaultCost is bcrypt's work factor in production: about 0.3 s a hash on a small
// server, slow enough to make stolen hashes expensive to crack.
const DefaultCost = 12

// Hasher hashes with one cost and keeps a dummy hash of that cost, so that checking an
// unknown email takes as long as checking a wrong password.
type Hasher struct {
	cost int
	// dummy is made once, in the background from New: at the production cost it takes
	// about 0.3 s, most of the server's start before its first answer. A check of an
	// unknown email before it is ready waits for it.
	dummy func() []byte
}

// New makes a Hasher; cost below bcrypt's minimum is raised to it, one above its
// maximum is refused.
func New(cost int) (*Hasher, error) {
	if cost < bcrypt.MinCost {
		cost = bcrypt.MinCost
	}
	if cost > bcrypt.MaxCost {
		return nil, fmt.Errorf("password: cost %d is above bcrypt's maximum %d", cost, bcrypt.MaxCost)
	}
	dummy := sync.OnceValue(func() []byte {
		// Errors only for a cost out of range (checked above) or a password over 72
		// bytes; a nil dummy would still refuse every password.
		d, _ := bcrypt.GenerateFromPassword([]byte("leadline-dummy-password"), cost)
		return d
	})
	go dummy()
	return &Hasher{cost: cost, dummy: dummy}, nil
}

// Hash returns the bcrypt hash of p. Callers validate p first (models.CheckPassword):
// bcrypt refuses more than 72 bytes.
func (h *Hasher) Hash(p string) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(p), h.cost)
	if err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	return string(b), nil
}

// Check reports whether p matches hash. An empty hash (no such user) is compared with
// the dummy, which never matches but costs the same.
func (h *Hasher) Check(hash, p string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(h.dummy(), []byte(p))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(p)) == nil
}

// Generate returns a random password for an account an admin creates without one:
// 16 bytes, base64url, 22 characters.
func Generate() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
