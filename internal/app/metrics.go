package app

import (
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/store"
)

// newMetrics builds the site's registry and has it watch both database pools: the
// store's (database/sql) and, on PostgreSQL, package kv's (pgx), which share the
// server's max_connections.
func newMetrics(st *store.Store, kvs *kv.KV) *metrics.Metrics {
	m := metrics.New()
	m.WatchSQL("store", st.SQLDB())
	if kvs.PoolStat() != nil {
		m.WatchPgxPool("kv", kvs.PoolStat)
	}
	return m
}
