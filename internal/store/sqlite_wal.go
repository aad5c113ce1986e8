package store

import (
	"context"
	"os"
	"time"
)

// The embedded SQLite file's write-ahead log. SQLite's own checkpoints copy the log
// into the database after each commit past 1,000 pages, but start the log over only
// at a moment when no connection reads an older snapshot: under a steady stream of
// posts there is none, and the log grew by about 100 KB a lead (1.1 GB after 11,000
// posts) while each commit got slower (1,090 posts/s in the first four seconds, 400 in
// the fourth stretch). The keeper looks at the log's size every walCheckEvery and,
// past walLimit, checkpoints in TRUNCATE mode: it waits (on the busy timeout) for the
// readers of older snapshots to finish, copies the log into the database and empties
// it, holding up writers for that moment only.
const (
	walCheckEvery = time.Second
	walLimit      = 64 << 20
)

// startWALKeeper starts keepWAL for the file at path; Close stops it.
func (s *Store) startWALKeeper(path string) {
	s.walLimit.Store(walLimit)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.stopWAL = func() { cancel(); <-done }
	go s.keepWAL(ctx, path, done)
}

// keepWAL runs until ctx ends; done is closed when it has.
func (s *Store) keepWAL(ctx context.Context, path string, done chan<- struct{}) {
	defer close(done)
	tick := s.clock.NewTicker(walCheckEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.Chan():
		}
		if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() <= s.walLimit.Load() {
			continue
		}
		var busy, frames, copied int
		err := s.sql.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Warn("cannot empty SQLite's write-ahead log; it will be tried again", "err", err)
		case err != nil: // stopping
		case busy != 0:
			s.log.Info("SQLite's write-ahead log could not be emptied yet: a reader held it", "frames", frames)
		default:
			s.log.Debug("SQLite's write-ahead log emptied", "frames", copied)
		}
	}
}

// SetWALLimit replaces walLimit, for tests. Call it before the store is shared.
func (s *Store) SetWALLimit(n int64) { s.walLimit.Store(n) }
