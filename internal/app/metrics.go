package app

import (
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/store"
)

// newMetrics builds the site's registry and has it watch both database pools: the
// store's (database/sql) and, on PostgreSQL, package kv's (pgx), which share the
// server's max_connections.
func newMetrics(st *store.Store, kvs *kv.KV) (*metrics.Metrics, error) {
	m := metrics.New()
	if err := m.WatchSQL("store", st.SQLDB()); err != nil {
		return nil, err
	}
	if kvs.PoolStat() != nil {
		if err := m.WatchPgxPool("kv", kvs.PoolStat); err != nil {
			return nil, err
		}
	}
	return m, nil
}
