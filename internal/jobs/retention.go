package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// RetentionHour is the hour, in the site's zone, at which the retention sweep runs:
// at night, away from the day's work and the digest.
const RetentionHour = 3

// retentionPeriodicJob inserts a sweep at RetentionHour, and one at every start: an
// instance that was down then catches up, and a second sweep finds nothing to do.
// Among several instances only River's leader schedules it.
func retentionPeriodicJob(e *Engine) *river.PeriodicJob {
	return river.NewPeriodicJob(dailyAt{hour: RetentionHour, loc: e.loc},
		func() (river.JobArgs, *river.InsertOpts) { return RetentionSweep{}, nil },
		&river.PeriodicJobOpts{ID: KindRetentionSweep, RunOnStart: true})
}

// retentionWorker erases the leads nobody has touched (updated_at) for longer than
// the retention, as the actor "retention".
type retentionWorker struct {
	river.WorkerDefaults[RetentionSweep]
	e *Engine
}

// retentionTimeout bounds one sweep. A lead takes a few milliseconds to erase (4 ms
// on PostgreSQL, 1.3 ms on SQLite in BenchmarkEraseUntouched), so the first sweep after
// the setting is turned on, on years of leads, can outlast JobTimeout's minute; each
// lead is its own transaction, so a sweep cut short keeps what it erased and the retry
// goes on from there.
const retentionTimeout = time.Hour

// Timeout lets a sweep run for up to retentionTimeout.
func (w *retentionWorker) Timeout(*river.Job[RetentionSweep]) time.Duration { return retentionTimeout }

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[RetentionSweep]) error {
	e := w.e
	if e.retention <= 0 {
		return nil // the setting was removed since the sweep was queued
	}
	now := e.clock.Now()
	n, err := e.store.EraseUntouched(ctx, now.Add(-e.retention), now)
	if n > 0 || err != nil {
		e.log.InfoContext(ctx, "retention: leads erased", "count", n, "untouched_for", e.retention.String())
	}
	return err
}
