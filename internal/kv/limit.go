package kv

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
)

// Limit allows Max events per Window for each subject (a client address, an account),
// counted by a Counter that every instance shares.
//
// A limit that cannot count refuses: each method returns the storage's error, and the
// caller answers 503. (Fiber's limiter ignores a failed write, which once switched the
// sign-in limit off for long email addresses that did not fit the key column.)
type Limit struct {
	// Name keeps one limit's counters apart from another's.
	Name    string
	Max     int
	Window  time.Duration
	Counter Counter
}

// key is the counter's key for subject: the limit's name and a hash of the subject, so
// that every key has the same short length whatever the subject (a 254-character email
// address included) and no subject is stored in the clear.
func (l Limit) key(subject string) string {
	sum := sha256.Sum256([]byte(subject))
	return l.Name + ":" + base64.RawURLEncoding.EncodeToString(sum[:])
}

// Take counts one event for subject. It reports whether the event is within the
// limit and, when it is not, how long until the window ends.
func (l Limit) Take(ctx context.Context, subject string, now time.Time) (ok bool, retryAfter time.Duration, err error) {
	n, reset, err := l.Counter.Hit(ctx, l.key(subject), l.Window)
	if err != nil {
		return false, 0, fmt.Errorf("limit %s: %w", l.Name, err)
	}
	ok, retryAfter = models.RateCount{N: n, Reset: reset}.Allowed(l.Max, now)
	return ok, retryAfter, nil
}

// Hit is one event for subject, for a store that counts it in the statement of the
// change it guards (the lead insert): the same counter Take adds to, in one round trip.
func (l Limit) Hit(subject string, now time.Time) models.RateHit {
	return models.RateHit{Key: l.key(subject), Max: l.Max, Window: l.Window, Now: now}
}

// Exhausted reports, without counting, whether subject has used up its events, and if
// so how long until the window ends. Failed sign-ins are counted with Record and
// checked with Exhausted, so that successful ones never count.
func (l Limit) Exhausted(ctx context.Context, subject string, now time.Time) (bool, time.Duration, error) {
	n, reset, err := l.Counter.Peek(ctx, l.key(subject))
	if err != nil {
		return false, 0, fmt.Errorf("limit %s: %w", l.Name, err)
	}
	if n >= l.Max {
		return true, reset.Sub(now), nil
	}
	return false, 0, nil
}

// Record counts one event for subject.
func (l Limit) Record(ctx context.Context, subject string) error {
	if _, _, err := l.Counter.Hit(ctx, l.key(subject), l.Window); err != nil {
		return fmt.Errorf("limit %s: %w", l.Name, err)
	}
	return nil
}

// RetryAfterSeconds is a Retry-After value: whole seconds, rounded up, at least 1.
func RetryAfterSeconds(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}
