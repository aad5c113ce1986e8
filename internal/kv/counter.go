package kv

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Counter counts hits per key in fixed windows. Fiber's limiter middleware reads a
// count, then writes it back, under one process-wide mutex: two database round trips
// that every post waits its turn for, and a read-modify-write that two instances can
// interleave. A Counter makes each hit one atomic step instead.
type Counter interface {
	// Hit counts one hit on key and returns the hits in the current window and when
	// the window ends.
	Hit(ctx context.Context, key string, window time.Duration) (n int, reset time.Time, err error)
}

// pgCounter keeps counters in the rate_counters table, shared by every instance.
type pgCounter struct{ pool *pgxpool.Pool }

const hitSQL = `
INSERT INTO rate_counters (k, n, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2))
ON CONFLICT (k) DO UPDATE SET
    n = CASE WHEN rate_counters.reset_at <= now() THEN 1 ELSE rate_counters.n + 1 END,
    reset_at = CASE WHEN rate_counters.reset_at <= now() THEN now() + make_interval(secs => $2)
               ELSE rate_counters.reset_at END
RETURNING n, reset_at`

func (p pgCounter) Hit(ctx context.Context, key string, window time.Duration) (int, time.Time, error) {
	var n int
	var reset time.Time
	err := p.pool.QueryRow(ctx, hitSQL, key, window.Seconds()).Scan(&n, &reset)
	return n, reset, err
}

func (p pgCounter) sweep(ctx context.Context, now time.Time) {
	_, _ = p.pool.Exec(ctx, `DELETE FROM rate_counters WHERE reset_at < $1`, now)
}

// memCounter counts in process memory, for the embedded default's single instance.
type memCounter struct {
	mu   sync.Mutex
	hits map[string]memHits
}

type memHits struct {
	n     int
	reset time.Time
}

func newMemCounter() *memCounter { return &memCounter{hits: map[string]memHits{}} }

func (m *memCounter) Hit(_ context.Context, key string, window time.Duration) (int, time.Time, error) {
	now := time.Now()
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
}, done <-chan struct{}) {
	t := time.NewTicker(gcInterval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
			c.sweep(ctx, now)
			cancel()
		}
	}
}
