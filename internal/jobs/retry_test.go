package jobs

import (
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"
)

func TestBackoff(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("after attempt %d: %v, want %v", i+1, got, w)
		}
	}
	if got := Backoff(20); got != MaxRetryDelay {
		t.Errorf("late retries wait %v, want the cap %v", got, MaxRetryDelay)
	}
	// About a day from the first attempt to the last: long enough for an outage of a
	// night, short enough that an admin hears of a failure the next day.
	if total := TotalBackoff(); total < 20*time.Hour || total > 28*time.Hour {
		t.Errorf("total backoff %v", total)
	}
}

func TestRetryPolicyJitter(t *testing.T) {
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	p := &RetryPolicy{now: func() time.Time { return now }}
	job := &rivertype.JobRow{Errors: make([]rivertype.AttemptError, 2)} // the third attempt failed
	for range 100 {
		d := p.NextRetry(job).Sub(now)
		if d < 108*time.Second || d > 132*time.Second {
			t.Fatalf("retry in %v, want 2 min ± 10 %%", d)
		}
	}
}

func TestDigestSchedule(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	s := dailyAt{hour: DigestHour, loc: ny}
	for _, tc := range []struct{ now, next string }{
		{"2026-03-03T07:59:00-05:00", "2026-03-03T08:00:00-05:00"},
		{"2026-03-03T08:00:00-05:00", "2026-03-04T08:00:00-05:00"},
		{"2026-03-07T12:00:00-05:00", "2026-03-08T08:00:00-04:00"}, // daylight saving starts that night
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		want, _ := time.Parse(time.RFC3339, tc.next)
		if got := s.Next(now); !got.Equal(want) {
			t.Errorf("after %s: %s, want %s", tc.now, got.Format(time.RFC3339), tc.next)
		}
	}
}
