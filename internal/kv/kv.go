// Package kv opens the key-value storages: the sessions behind Fiber's session
// middleware and the counters behind the rate limits. They live in PostgreSQL tables
// (shared by every instance on the database) or, on the embedded default, in a table
// of the SQLite file (sessions) and in process memory (counters).
package kv

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/storage/postgres/v3"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/internal/store"
)

// MaxConns is the size of the PostgreSQL pool the storages share, beside the store's own.
const MaxConns = 8

// gcInterval is how often expired rows are swept.
const gcInterval = time.Minute

// KV holds the storages.
type KV struct {
	// Sessions stores staff sessions.
	Sessions fiber.Storage
	// Counter counts events for the rate limits (see Limit).
	Counter Counter

	pool   *pgxpool.Pool
	sqlite *sqliteStorage
	close  []func() error
	once   sync.Once
}

// Options select the storages. The tables are created by the store's migrations, so
// Open must come after store.Open.
type Options struct {
	DatabaseURL string
	// SQLite is the embedded database, used when DatabaseURL is empty.
	SQLite *sql.DB
	// Clock tells the time for expiry and counters; nil is the real clock.
	Clock clockwork.Clock
}

// Open opens the storages, failing (never panicking) when the database is unreachable.
func Open(ctx context.Context, opts Options) (*KV, error) {
	done := make(chan struct{})
	stop := func() error { close(done); return nil }
	clock := opts.Clock
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	if opts.DatabaseURL == "" {
		sessions := newSQLiteStorage(opts.SQLite, "sessions", clock)
		counter := newMemCounter(clock)
		go sweepCounters(counter, clock, done)
		return &KV{Sessions: sessions, Counter: counter, sqlite: sessions, close: []func() error{stop, sessions.Close}}, nil
	}
	connCfg, err := store.PgxConfig(opts.DatabaseURL)
	if err != nil {
		return nil, err
	}
	poolCfg, err := pgxpool.ParseConfig("")
	if err != nil {
		return nil, err
	}
	poolCfg.ConnConfig = connCfg
	poolCfg.MaxConns = MaxConns
	poolCfg.MaxConnLifetime = store.ConnMaxLifetime
	poolCfg.MaxConnIdleTime = store.ConnMaxIdleTime
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return nil, fmt.Errorf("session storage: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, store.ConnectTimeout+time.Second)
	defer cancel()
	// The storage pings in New and panics when that fails, so check first.
	var schema string
	if err := pool.QueryRow(pingCtx, "SELECT current_schema()").Scan(&schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("session storage: cannot reach PostgreSQL: %w", err)
	}
	// The storage looks for its table in "public" unless the name is qualified; qualify
	// it with the schema our migrations wrote to, so it never tries to create it again.
	sessions, err := newPostgresStorage(pool, schema+".sessions")
	if err != nil {
		pool.Close()
		return nil, err
	}
	counter := pgCounter{pool: pool, clock: clock}
	go sweepCounters(counter, clock, done)
	k := &KV{Sessions: sessions, Counter: counter, pool: pool}
	// The storage's Close stops its sweeper and closes the shared pool. It must not be
	// called twice: it would block forever.
	k.close = []func() error{stop, sessions.Close}
	return k, nil
}

// newPostgresStorage wraps postgres.New, which panics when its own ping or table check
// fails: the database can go away between our check above and its.
func newPostgresStorage(pool *pgxpool.Pool, table string) (s *postgres.Storage, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("session storage: cannot reach PostgreSQL: %v", r)
		}
	}()
	return postgres.New(postgres.Config{DB: pool, Table: table, GCInterval: gcInterval}), nil
}

// Ping reports whether the session storage answers.
func (k *KV) Ping(ctx context.Context) error {
	if k.pool != nil {
		return k.pool.Ping(ctx)
	}
	return k.sqlite.Ping(ctx)
}

// PoolStat reports the PostgreSQL pool's use, for metrics; nil on the embedded
// default, which has no pool of its own.
func (k *KV) PoolStat() *pgxpool.Stat {
	if k.pool == nil {
		return nil
	}
	return k.pool.Stat()
}

// Close releases the storages, once.
func (k *KV) Close() error {
	var errs []error
	k.once.Do(func() {
		for _, c := range k.close {
			errs = append(errs, c())
		}
	})
	return errors.Join(errs...)
}
