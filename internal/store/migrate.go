package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"gorm.io/gorm"
)

//go:embed migrations
var migrationFiles embed.FS

// migrationLock is the PostgreSQL advisory lock key that serialises migrations when
// several instances start at once.
const migrationLock = 0x6c656164 // "lead"

type migration struct {
	version int
	name    string
	sql     string
	// river is River's schema version this migration brings River's tables up to, from
	// a line "-- river-migrate: N" in its file; 0 for none.
	river int
}

// riverLine marks a migration that runs River's own migrations up to a version.
var riverLine = regexp.MustCompile(`(?m)^-- river-migrate: ([0-9]+)$`)

// migrations lists the dialect's files migrations/<dialect>/NNN_name.sql in order.
func migrations(d Dialect) ([]migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration file %s is not named NNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		m := migration{version: v, name: name, sql: string(body)}
		if sub := riverLine.FindStringSubmatch(m.sql); sub != nil {
			m.river, _ = strconv.Atoi(sub[1])
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations of %s skip from %d to %d", d, i, m.version)
		}
	}
	return out, nil
}

// migrate applies every migration not yet recorded in schema_migrations, each in its own
// transaction, in order. Any error stops the start.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations(s.dialect)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TIMESTAMP NOT NULL)`
	if err := s.inMigrationTx(ctx, func(tx *gorm.DB) error { return tx.Exec(create).Error }); err != nil {
		return fmt.Errorf("migrations: create schema_migrations: %w", classify(err))
	}
	if len(ms) == 0 {
		return fmt.Errorf("migrations: none embedded for %s", s.dialect)
	}
	if err := s.refuseDowngrade(ctx, ms[len(ms)-1].version); err != nil {
		return err
	}
	for _, m := range ms {
		err := s.inMigrationTx(ctx, func(tx *gorm.DB) error {
			var n int64
			if err := tx.Table("schema_migrations").Where("version = ?", m.version).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if err := tx.Exec(m.sql).Error; err != nil {
				return err
			}
			if m.river > 0 {
				if err := s.migrateRiver(ctx, tx, m.river); err != nil {
					return err
				}
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, time.Now().UTC()).Error
		})
		if err != nil {
			return fmt.Errorf("migration %03d_%s: %w", m.version, m.name, classify(err))
		}
	}
	return nil
}

// SchemaNewerError stops the start on a database that a newer binary has migrated:
// this binary does not know its tables, and running would corrupt data or fail.
type SchemaNewerError struct {
	// Database is the newest migration applied to the database; Binary the newest
	// this binary carries.
	Database, Binary int
}

func (e *SchemaNewerError) Error() string {
	return fmt.Sprintf("the database is at migration %d but this binary knows migrations up to %d: "+
		"it was upgraded by a newer leadline; run that version or a newer one (downgrades are refused)", e.Database, e.Binary)
}

// refuseDowngrade fails with a *SchemaNewerError when the database has a migration newer
// than newest, the last one embedded in this binary.
func (s *Store) refuseDowngrade(ctx context.Context, newest int) error {
	applied, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if applied > newest {
		return &SchemaNewerError{Database: applied, Binary: newest}
	}
	return nil
}

// migrateRiver runs River's migrations up to version inside our migration's
// transaction: River's tables then come and go with the step that names them, and on
// PostgreSQL the advisory lock that serialises our migrations covers River's too, so
// instances starting at once cannot race each other. River's schema setting stays
// empty: its tables land where the connection's search_path points, beside ours (each
// test's own schema in the tests).
func (s *Store) migrateRiver(ctx context.Context, tx *gorm.DB, version int) error {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return fmt.Errorf("river migrations: the transaction is a %T, not a *sql.Tx", tx.Statement.ConnPool)
	}
	opts := &rivermigrate.MigrateOpts{TargetVersion: version}
	cfg := &rivermigrate.Config{Logger: s.log}
	var err error
	if s.dialect == Postgres {
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riverdatabasesql.New(nil), cfg); err == nil {
			_, err = m.MigrateTx(ctx, sqlTx, rivermigrate.DirectionUp, opts) //nolint:staticcheck // in our transaction on purpose
		}
	} else {
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riversqlite.New(nil), cfg); err == nil {
			_, err = m.MigrateTx(ctx, sqlTx, rivermigrate.DirectionUp, opts) //nolint:staticcheck // in our transaction on purpose
		}
	}
	if err != nil {
		return fmt.Errorf("river migrations to version %d: %w", version, err)
	}
	return nil
}

// inMigrationTx runs fn in a transaction that holds the migration lock on PostgreSQL.
// (On SQLite the immediate transaction is the lock.)
func (s *Store) inMigrationTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == Postgres {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", migrationLock).Error; err != nil {
				return err
			}
			// A migration that builds an index over a million leads takes longer than
			// the statement timeout that guards requests; it must not be cut short.
			if err := tx.Exec("SET LOCAL statement_timeout = 0").Error; err != nil {
				return err
			}
		}
		return fn(tx)
	})
}

// SchemaVersion returns the newest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v *int
	err := s.db.WithContext(ctx).Table("schema_migrations").Select("MAX(version)").Scan(&v).Error
	if err != nil {
		return 0, classify(fmt.Errorf("schema version: %w", err))
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}
