package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// openInternal opens a store on a fresh database, for tests inside the package.
func openInternal(t *testing.T, dialect string) (*Store, testdb.Database) {
	t.Helper()
	db := testdb.New(t, dialect)
	s, err := Open(context.Background(), Options{DatabaseURL: db.URL, SQLitePath: filepath.Join(db.DataDir, "leadline.db")})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, db
}

const rawLead = `INSERT INTO leads (name, email, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`

// errorCase makes a real error in the database and names its kind and domain error.
type errorCase struct {
	name string
	only Dialect // "" on both databases
	make func(t *testing.T, s *Store, db testdb.Database) error
	kind failure
	want error
}

func errorCases() []errorCase {
	now := time.Now().UTC()
	exec := func(q string, args ...any) func(*testing.T, *Store, testdb.Database) error {
		return func(t *testing.T, s *Store, _ testdb.Database) error {
			return s.db.WithContext(context.Background()).Exec(q, args...).Error
		}
	}
	return []errorCase{
		{"Unique", "", func(t *testing.T, s *Store, _ testdb.Database) error {
			q := `INSERT INTO users (email, name, password_hash, role, created_at, updated_at) VALUES ('a@example.com', 'A', 'x', 'staff', ?, ?)`
			if err := s.db.Exec(q, now, now).Error; err != nil {
				t.Fatal(err)
			}
			return s.db.Exec(q, now, now).Error
		}, failUnique, models.ErrConflict},
		{"ForeignKey", "", exec(`INSERT INTO lead_notes (lead_id, body, created_at) VALUES (999999, 'x', ?)`, now), failForeignKey, models.ErrInvalid},
		{"Check", "", exec(rawLead, "Ada", "a@example.com", "archived", 1, now, now), failCheck, models.ErrInvalid},
		{"InvalidUTF8", Postgres, exec(rawLead, "Ada \xc3\x28", "a@example.com", "new", 1, now, now), failData, models.ErrInvalid},
		{"NULByte", Postgres, exec(rawLead, "Ada\x00", "a@example.com", "new", 1, now, now), failData, models.ErrInvalid},
		{"OutOfRange", Postgres, exec(`INSERT INTO leads (name, email, version) VALUES ('Ada', 'a@example.com', 99999999999)`), failData, models.ErrInvalid},
		{"StatementTimeout", Postgres, func(t *testing.T, s *Store, _ testdb.Database) error {
			return s.db.Transaction(func(tx *gorm.DB) error {
				if err := tx.Exec("SET LOCAL statement_timeout = 1").Error; err != nil {
					t.Fatal(err)
				}
				return tx.Exec("SELECT pg_sleep(5)").Error
			})
		}, failUnavailable, models.ErrUnavailable},
		{"Terminated", Postgres, terminated, failUnavailable, models.ErrUnavailable},
		{"Unreachable", Postgres, unreachable, failUnavailable, models.ErrUnavailable},
		{"Busy", SQLite, busy, failUnavailable, models.ErrUnavailable},
	}
}

// terminated runs a statement on a connection the server has just ended, as a restart
// of PostgreSQL does to every open connection.
func terminated(t *testing.T, s *Store, _ testdb.Database) error {
	ctx := context.Background()
	conn, err := s.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var pid int
	if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	// The second argument waits (up to 5 s) until the backend is gone.
	if _, err := s.sql.ExecContext(ctx, "SELECT pg_terminate_backend($1, 5000)", pid); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, "SELECT 1")
	return err
}

// unreachable queries through a network path that has just been cut, with the pool's
// connection gone and no new one possible.
func unreachable(t *testing.T, _ *Store, db testdb.Database) error {
	proxy, url := testdb.NewProxy(t, db.URL)
	s, err := Open(context.Background(), Options{DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	proxy.Down()
	_, err = s.CountLeads(context.Background())
	return err
}

// busy writes from a second connection while the store holds SQLite's write lock, with
// no busy timeout, as a writer does whose timeout has run out.
func busy(t *testing.T, s *Store, db testdb.Database) error {
	ctx := context.Background()
	tx, err := s.sql.BeginTx(ctx, nil) // immediate: takes the write lock now
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open(sqlite.DriverName, "file:"+filepath.Join(db.DataDir, "leadline.db")+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.ExecContext(ctx, "DELETE FROM leads")
	return err
}

// TestFailureOfRealErrors makes each kind of failure happen in a real database and
// checks that its driver code is read right and that classify maps it to the domain
// error handlers answer with.
func TestFailureOfRealErrors(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			for _, tc := range errorCases() {
				if tc.only != "" && string(tc.only) != d {
					continue
				}
				t.Run(tc.name, func(t *testing.T) {
					s, db := openInternal(t, d)
					err := tc.make(t, s, db)
					if err == nil {
						t.Fatal("no error")
					}
					t.Logf("%T: %v", err, err)
					if got := failureOf(err); got != tc.kind {
						t.Errorf("failureOf(%v) = %d, want %d", err, got, tc.kind)
					}
					if got := classify(err); !errors.Is(got, tc.want) {
						t.Errorf("classify(%v) = %v, want %v", err, got, tc.want)
					}
				})
			}
		})
	}
}

// TestFailureCodes covers the codes a test cannot easily make a database return.
func TestFailureCodes(t *testing.T) {
	pg := map[string]failure{
		"23505": failUnique, "23503": failForeignKey, "23514": failCheck,
		"22021": failData, "22P05": failData, "22001": failData,
		"08006": failUnavailable, "53300": failUnavailable, "57P01": failUnavailable,
		"57014": failUnavailable, "40001": failUnavailable, "40P01": failUnavailable,
		"23502": failOther, "42P01": failOther, "": failOther, "2": failOther,
	}
	for code, want := range pg {
		t.Run("postgres/"+code, func(t *testing.T) {
			if got := pgFailure(code); got != want {
				t.Errorf("pgFailure(%q) = %d, want %d", code, got, want)
			}
		})
	}
	// Extended SQLite result codes, as the driver reports them.
	lite := []struct {
		name string
		code int
		want failure
	}{
		{"UNIQUE", 2067, failUnique},
		{"PRIMARYKEY", 1555, failUnique},
		{"FOREIGNKEY", 787, failForeignKey},
		{"CHECK", 275, failCheck},
		{"NOTNULL", 1299, failOther},
		{"BUSY", 5, failUnavailable},
		{"BUSY_SNAPSHOT", 517, failUnavailable},
		{"LOCKED", 6, failUnavailable},
		{"LOCKED_SHAREDCACHE", 262, failUnavailable},
		{"ERROR", 1, failOther},
	}
	for _, tc := range lite {
		t.Run("sqlite/"+tc.name, func(t *testing.T) {
			if got := sqliteFailure(tc.code); got != tc.want {
				t.Errorf("sqliteFailure(%d) = %d, want %d", tc.code, got, tc.want)
			}
		})
	}
}
