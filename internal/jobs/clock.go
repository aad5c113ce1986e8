package jobs

import (
	"time"

	"github.com/jonboulle/clockwork"
)

// riverTime gives River the time of a clockwork clock (River's Config.Test.Time): with
// a fake clock, a test that moves it makes scheduled and retried jobs come due.
//
// The time is cut to the millisecond, the coarsest precision of River's databases
// (SQLite's; PostgreSQL keeps microseconds). A stopped clock otherwise gives a time
// that the database rounds up where it is stored (a job's scheduled_at) and not where
// it is compared, and the job is never due.
type riverTime struct{ c clockwork.Clock }

// Now is the clock's time.
func (t riverTime) Now() time.Time { return t.c.Now().Truncate(time.Millisecond) }

// NowOrNil is the clock's time, which River then sends to the database instead of its
// now().
func (t riverTime) NowOrNil() *time.Time {
	n := t.Now().UTC()
	return &n
}
