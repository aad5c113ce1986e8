package app

import (
	"fmt"

	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/live"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/store"
)

// newMetrics builds the site's registry and has it watch both database pools: the
// store's (database/sql) and, on PostgreSQL, package kv's (pgx), which share the
// server's max_connections.
func newMetrics(st *store.Store, kvs *kv.KV, engine *jobs.Engine, hub *live.Hub) (*metrics.Metrics, error) {
	m := metrics.New()
	m.WatchSQL("store", st.SQLDB())
	if kvs.PoolStat() != nil {
		m.WatchPgxPool("kv", kvs.PoolStat)
	}
	if err := m.Register(append(engine.Collectors(), hub.Collector())...); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	return m, nil
}
