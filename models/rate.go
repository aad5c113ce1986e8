package models

import "time"

// RateHit is one event counted against a rate limit: Key's count in a window of Window
// that began with its first event, allowed up to Max. Package kv builds it; the store
// counts it in the statement that stores a lead, so that a post is one round trip.
type RateHit struct {
	Key    string
	Max    int
	Window time.Duration
	Now    time.Time
}

// RateCount is a limit's count after a hit: N events in the window that ends at Reset.
type RateCount struct {
	N     int
	Reset time.Time
}

// Allowed reports whether the hit that made c is within max; when not, wait is how long
// until the window ends.
func (c RateCount) Allowed(max int, now time.Time) (ok bool, wait time.Duration) {
	if c.N > max {
		return false, c.Reset.Sub(now)
	}
	return true, 0
}
