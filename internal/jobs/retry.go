package jobs

import (
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river/rivertype"
)

// The retry schedule of every job: the first retry after FirstRetry, each next one
// twice as late, at most MaxRetryDelay apart, for MaxAttempts attempts in all. That is
// about a day (TotalBackoff: 24 h 15 min): an SMTP outage of a few hours delays an
// email by minutes once the server is back (never more than MaxRetryDelay), and a
// job still failing after a day is discarded and stays on the admin page, where an
// admin can retry it. (River's default, attempt⁴ seconds, would wait nearly 8 hours
// between its last tries.)
const (
	FirstRetry    = 30 * time.Second
	MaxRetryDelay = 4 * time.Hour
	MaxAttempts   = 15
)

// Backoff is the delay after the failed attempt number attempt (from 1), before jitter.
func Backoff(attempt int) time.Duration {
	d := FirstRetry
	for i := 1; i < attempt && d < MaxRetryDelay; i++ {
		d *= 2
	}
	return min(d, MaxRetryDelay)
}

// TotalBackoff is the time from a job's first attempt to its last, before jitter.
func TotalBackoff() time.Duration {
	var total time.Duration
	for a := 1; a < MaxAttempts; a++ {
		total += Backoff(a)
	}
	return total
}

// RetryPolicy is River's retry policy for Leadline: Backoff with ±10 % jitter, so that
// jobs that failed together (an outage) do not all retry in the same second.
type RetryPolicy struct {
	now func() time.Time
}

// NextRetry is when the job runs again after its latest failure.
func (p *RetryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	// len(Errors) counts failures, which a snooze (unused here) would not add to.
	d := Backoff(len(job.Errors) + 1)
	jitter := time.Duration((rand.Float64()*0.2 - 0.1) * float64(d)) //nolint:gosec // spreading retries needs no secret
	now := time.Now
	if p.now != nil {
		now = p.now
	}
	return now().UTC().Add(d + jitter)
}
