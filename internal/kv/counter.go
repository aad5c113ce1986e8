package kv

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/internal/store"
)

// Counter counts hits per key in fixed windows. Fiber's limiter middleware reads a
// count, then writes it back, under one process-wide mutex: two database round trips
// that every post waits its turn for, and a read-modify-write that two instances can
// interleave. A Counter makes each hit one atomic step instead.
type Counter interface {
	// Hit counts one hit on key and returns the hits in the current window and when
	// the window ends.
	Hit(ctx context.Context, key string, window time.Duration) (n int, reset time.Time, err error)
	// Peek returns the hits in key's current window without counting one; 0 when the
	// window has ended or never began.
	Peek(ctx context.Context, key string) (n int, reset time.Time, err error)
}

// pgCounter keeps counters in the rate_counters table, shared by every instance. The
// time comes from the clock rather than the database's now(), so that tests move it;
// instances on one database keep their clocks in step (NTP) as any web farm does.
type pgCounter struct {
	pool  *pgxpool.Pool
	clock clockwork.Clock
}

// hitSQL is the store's, which also runs it inside the lead insert.
const hitSQL = store.RateHitSQL

func (p pgCounter) Hit(ctx context.Context, key string, window time.Duration) (int, time.Time, error) {
	var n int
	var reset time.Time
	err := p.pool.QueryRow(ctx, hitSQL, key, p.clock.Now(), window.Seconds()).Scan(&n, &reset)
	return n, reset, err
}

func (p pgCounter) Peek(ctx context.Context, key string) (int, time.Time, error) {
	var n int
	var reset time.Time
	err := p.pool.QueryRow(ctx, `SELECT COALESCE(max(n), 0), COALESCE(max(reset_at), $2) FROM rate_counters
		WHERE k = $1 AND reset_at > $2`, key, p.clock.Now()).Scan(&n, &reset)
	return n, reset, err
}

func (p pgCounter) sweep(ctx context.Context, now time.Time) {
	_, _ = p.pool.Exec(ctx, `DELETE FROM rate_counters WHERE reset_at < $1`, now)
}

// memCounter counts in process memory, for the embedded default's single instance.
type memCounter struct {
	clock clockwork.Clock
	mu    sync.Mutex
	hits  map[string]memHits
}

type memHits struct {
	n     int
	reset time.Time
}

func newMemCounter(clock clockwork.Clock) *memCounter {
	return &memCounter{clock: clock, hits: map[string]memHits{}}
}

func (m *memCounter) Hit(_ context.Context, key string, window time.Duration) (int, time.Time, error) {
	now := m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.hits[key]
	if !now.Before(h.reset) {
		h = memHits{reset: now.Add(window)}
	}
	h.n++
	m.hits[key] = h
	return h.n, h.reset, nil
}

func (m *memCounter) Peek(_ context.Context, key string) (int, time.Time, error) {
	now := m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.hits[key]
	if !now.Before(h.reset) {
		return 0, now, nil
	}
	return h.n, h.reset, nil
}

func (m *memCounter) sweep(_ context.Context, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, h := range m.hits {
		if !now.Before(h.reset) {
			delete(m.hits, k)
		}
	}
}

// sweepCounters drops ended windows now and then, until done closes.
func sweepCounters(c interface {
	sweep(context.Context, time.Time)
}, clock clockwork.Clock, done <-chan struct{}) {
	t := clock.NewTicker(gcInterval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case now := <-t.Chan():
			ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
			c.sweep(ctx, now)
			cancel()
		}
	}
}
