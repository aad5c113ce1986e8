// Package store owns every query Leadline makes. Its methods take a context, return
// domain types and domain errors from package models, and wrap their causes with %w.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/models"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// Dialect names the database behind a Store.
type Dialect string

// The two databases Leadline runs on.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Pool limits. PostgreSQL's default max_connections is 100; one instance uses at most
// MaxOpenConns here plus the session storage's pool (package kv), so three instances fit.
const (
	MaxOpenConns    = 16
	ConnMaxLifetime = 30 * time.Minute
	ConnMaxIdleTime = 5 * time.Minute
	// ConnectTimeout bounds a new connection; StatementTimeout bounds every statement on
	// the server, so a stuck database cannot hold a request forever.
	ConnectTimeout   = 5 * time.Second
	StatementTimeout = 10 * time.Second
	// ExportTimeout bounds the one statement of an export (EachLead) on PostgreSQL
	// instead: a million leads take longer than StatementTimeout to read, and a cut
	// export must never pass for a whole one.
	ExportTimeout = 5 * time.Minute
	// sqliteBusyTimeout is how long a writer waits for SQLite's single write lock.
	sqliteBusyTimeout = 10 * time.Second
)

// Store is the database. It is safe for concurrent use.
type Store struct {
	db      *gorm.DB
	sql     *sql.DB
	dialect Dialect
	log     *slog.Logger
	// insertLead is insertLead in the dialect's placeholders.
	insertLead string
	// onChange are called, in order, inside the transaction of each change.
	onChange []changeHook
	// afterCommit are told of each change once its transaction has committed.
	afterCommit []AfterCommit
	// exportTimeout replaces ExportTimeout when not zero (tests).
	exportTimeout time.Duration
	// totalBound is how far the list counts; 0 means DefaultTotalBound.
	totalBound int
	// searchWalk is how many leads a search reads in the list's order before it turns
	// to the search index; -1 means DefaultSearchWalk.
	searchWalk int
	// clock tells the time of the caches (subs); the stored times are the database's.
	clock clockwork.Clock
	// subs is what the webhook endpoints subscribe to, as last read.
	subs subscriptions
	// walLimit is the size past which SQLite's write-ahead log is emptied, and stopWAL
	// stops the goroutine that sees to it (nil on PostgreSQL).
	walLimit atomic.Int64
	stopWAL  func()
}

// changeHook is an OnChange hook and what tells which events it wants.
type changeHook struct {
	run OnChange
	// wants is nil when the hook wants every event.
	wants func(context.Context, models.Event) bool
}

// OnChange is called inside the transaction of a change with the event it causes, on
// the transaction's connection: what it writes commits or rolls back with the change,
// and its error rolls the change back. Package jobs inserts its jobs this way, so that
// there is no lead without its email job and no job without its lead. It must not
// commit or roll back tx.
type OnChange func(ctx context.Context, tx *sql.Tx, e models.Event) error

// AfterCommit is told of a change after its transaction has committed, and never of
// one that rolled back: what it does cannot undo the change, and it must be quick (the
// live updates publish this way: to the hub on SQLite, with a NOTIFY on PostgreSQL).
type AfterCommit func(e models.Event)

// Options select and tune the database.
type Options struct {
	// DatabaseURL selects PostgreSQL; empty selects SQLite at SQLitePath.
	DatabaseURL string
	SQLitePath  string
	Logger      *slog.Logger
	// Clock tells the time of the store's caches; nil is the real clock.
	Clock clockwork.Clock
}

// Open connects to the database, checks that it answers and runs pending migrations.
// It fails with an error fit to print as one line when the database is unreachable.
func Open(ctx context.Context, opts Options) (*Store, error) {
	open := openSQLite
	if opts.DatabaseURL != "" {
		open = openPostgres
	}
	sqlDB, dialector, dialect, err := open(ctx, opts)
	if err != nil {
		return nil, err
	}
	sqlDB.SetConnMaxLifetime(ConnMaxLifetime)
	sqlDB.SetConnMaxIdleTime(ConnMaxIdleTime)

	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		// Single statements need no transaction of their own: GORM's default wraps each
		// insert in BEGIN/COMMIT, which costs two round trips per lead.
		SkipDefaultTransaction: true,
		Logger:                 newQuietLogger(log),
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("cannot set up the database: %w", err)
	}
	clock := opts.Clock
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	s := &Store{db: db, sql: sqlDB, dialect: dialect, log: log, insertLead: insertLead, searchWalk: -1, clock: clock}
	if dialect == Postgres {
		s.insertLead = numberPlaceholders(insertLead)
	}
	if err := s.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if dialect == SQLite {
		s.startWALKeeper(opts.SQLitePath)
	}
	return s, nil
}

// openPostgres connects the pool to opts.DatabaseURL and checks that the server answers.
func openPostgres(ctx context.Context, opts Options) (*sql.DB, gorm.Dialector, Dialect, error) {
	cfg, err := PgxConfig(opts.DatabaseURL)
	if err != nil {
		return nil, nil, "", err
	}
	sqlDB := stdlib.OpenDB(*cfg)
	sqlDB.SetMaxOpenConns(MaxOpenConns)
	sqlDB.SetMaxIdleConns(MaxOpenConns)
	if err := ping(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, nil, "", fmt.Errorf("cannot connect to PostgreSQL at %s: %w", describe(cfg), err)
	}
	return sqlDB, postgres.New(postgres.Config{Conn: sqlDB}), Postgres, nil
}

// openSQLite opens the embedded file at opts.SQLitePath, creating its directory.
func openSQLite(ctx context.Context, opts Options) (*sql.DB, gorm.Dialector, Dialect, error) {
	if err := os.MkdirAll(filepath.Dir(opts.SQLitePath), 0o750); err != nil {
		return nil, nil, "", fmt.Errorf("cannot create the data directory: %w", err)
	}
	sqlDB, err := sql.Open(sqlite.DriverName, sqliteDSN(opts.SQLitePath))
	if err != nil {
		return nil, nil, "", fmt.Errorf("cannot open SQLite at %s: %w", opts.SQLitePath, err)
	}
	// SQLite takes one writer at a time; a few connections let reads run beside it.
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(4)
	if err := ping(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, nil, "", fmt.Errorf("cannot open SQLite at %s: %w", opts.SQLitePath, err)
	}
	return sqlDB, sqlite.Dialector{Conn: sqlDB}, SQLite, nil
}

// PgxConfig parses a PostgreSQL URL and adds Leadline's connect and statement timeouts
// unless the URL sets its own. Package kv uses it too, so both pools behave alike.
func PgxConfig(databaseURL string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = ConnectTimeout
	}
	if _, ok := cfg.RuntimeParams["statement_timeout"]; !ok {
		cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(StatementTimeout.Milliseconds(), 10)
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "leadline"
	}
	return cfg, nil
}

// OpenSQLite opens another pool on the embedded file at path, with the store's
// settings (WAL, busy timeout, immediate transactions) and at most conns connections.
// River's SQLite driver wants a pool of one connection of its own.
func OpenSQLite(ctx context.Context, path string, conns int) (*sql.DB, error) {
	db, err := sql.Open(sqlite.DriverName, sqliteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("cannot open SQLite at %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(ConnMaxLifetime)
	if err := ping(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot open SQLite at %s: %w", path, err)
	}
	return db, nil
}

func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(sqliteBusyTimeout.Milliseconds(), 10)+")")
	// An 8 MB page cache a connection instead of SQLite's 2 MB: each new lead writes its
	// trigrams into leads_fts, whose recent segments no longer fit in 2 MB once the file
	// holds some thousands of leads, and an insert then read them back every time
	// (2.6 ms an insert at 14,000 leads, 1.2 ms with 8 MB, 0.6 ms without the index;
	// more cache bought little more). Pages are cached as they are read, so a small
	// file never takes it all.
	q.Add("_pragma", "cache_size(-8000)")
	// Immediate transactions take the write lock at BEGIN, so two writers queue on the
	// busy timeout instead of one failing when it upgrades a read lock.
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// numberPlaceholders turns ? into $1, $2 … for PostgreSQL.
func numberPlaceholders(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func ping(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, ConnectTimeout+time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// describe names a PostgreSQL server without its password.
func describe(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
}

// AddOnChange adds a hook every change calls inside its transaction, after those added
// before it. wants, when not nil, tells before a new lead's transaction begins whether
// fn has anything to do for its event: a new lead that no hook wants is one statement
// with no transaction around it, the landing form's fastest path. wants must be cheap
// and say yes when in doubt. Add hooks before the store is shared.
func (s *Store) AddOnChange(fn OnChange, wants func(context.Context, models.Event) bool) {
	s.onChange = append(s.onChange, changeHook{run: fn, wants: wants})
}

// wanted says whether an in-transaction hook wants e.
func (s *Store) wanted(ctx context.Context, e models.Event) bool {
	for _, h := range s.onChange {
		if h.wants == nil || h.wants(ctx, e) {
			return true
		}
	}
	return false
}

// AddAfterCommit adds a hook told of each change after it commits. Add hooks before
// the store is shared.
func (s *Store) AddAfterCommit(fn AfterCommit) { s.afterCommit = append(s.afterCommit, fn) }

// inTx runs the in-transaction hooks for e on tx.
func (s *Store) inTx(ctx context.Context, tx *sql.Tx, e models.Event) error {
	for _, h := range s.onChange {
		if err := h.run(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// committed tells the after-commit hooks of events whose transaction has committed.
func (s *Store) committed(events ...models.Event) {
	for _, e := range events {
		for _, fn := range s.afterCommit {
			fn(e)
		}
	}
}

// SQLDB is the connection pool, for the session storage that shares the embedded file.
func (s *Store) SQLDB() *sql.DB { return s.sql }

// Dialect tells which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.sql.PingContext(ctx); err != nil {
		return classify(fmt.Errorf("ping: %w", err))
	}
	return nil
}

// Close stops the keeper of SQLite's log, if any, and closes the connection pool.
func (s *Store) Close() error {
	if s.stopWAL != nil {
		s.stopWAL()
	}
	return s.sql.Close()
}
