package kv

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
)

// sqliteStorage is a fiber.Storage in a table of the embedded SQLite database, so that
// sessions live in the same file as the data (and in its backups) and expire on the
// server. (gofiber/storage/sqlite3 needs cgo; the bbolt storage ignores expiry.)
type sqliteStorage struct {
	db    *sql.DB
	table string
	clock clockwork.Clock
	done  chan struct{}
	once  sync.Once
}

// opTimeout bounds one storage operation; fiber.Storage has no context.
const opTimeout = 5 * time.Second

func newSQLiteStorage(db *sql.DB, table string, clock clockwork.Clock) *sqliteStorage {
	s := &sqliteStorage{db: db, table: table, clock: clock, done: make(chan struct{})}
	go s.sweep()
	return s
}

func (s *sqliteStorage) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), opTimeout)
}

// Get returns the value of a key that has not expired, or nil.
func (s *sqliteStorage) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	ctx, cancel := s.ctx()
	defer cancel()
	var v []byte
	err := s.db.QueryRowContext(ctx, `SELECT v FROM `+s.table+` WHERE k = ? AND (e = 0 OR e > ?)`, key, s.clock.Now().UnixMilli()).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return v, err
}

// Set stores a value that expires after exp (never, when exp is 0).
func (s *sqliteStorage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	var e int64
	if exp != 0 {
		e = s.clock.Now().Add(exp).UnixMilli()
	}
	ctx, cancel := s.ctx()
	defer cancel()
	_, err := s.db.ExecContext(ctx, `INSERT INTO `+s.table+` (k, v, e) VALUES (?, ?, ?)
		ON CONFLICT (k) DO UPDATE SET v = excluded.v, e = excluded.e`, key, val, e)
	return err
}

// Delete removes a key.
func (s *sqliteStorage) Delete(key string) error {
	if key == "" {
		return nil
	}
	ctx, cancel := s.ctx()
	defer cancel()
	_, err := s.db.ExecContext(ctx, `DELETE FROM `+s.table+` WHERE k = ?`, key)
	return err
}

// Reset removes every key.
func (s *sqliteStorage) Reset() error {
	ctx, cancel := s.ctx()
	defer cancel()
	_, err := s.db.ExecContext(ctx, `DELETE FROM `+s.table)
	return err
}

// Close stops the sweeper; the database belongs to the store.
func (s *sqliteStorage) Close() error {
	s.once.Do(func() { close(s.done) })
	return nil
}

// Ping reports whether the table can be read.
func (s *sqliteStorage) Ping(ctx context.Context) error {
	var n int
	return s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+s.table+` WHERE k = ''`).Scan(&n)
}

// sweep deletes expired rows now and then.
func (s *sqliteStorage) sweep() {
	t := s.clock.NewTicker(gcInterval)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case now := <-t.Chan():
			ctx, cancel := s.ctx()
			_, _ = s.db.ExecContext(ctx, `DELETE FROM `+s.table+` WHERE e != 0 AND e <= ?`, now.UnixMilli())
			cancel()
		}
	}
}
