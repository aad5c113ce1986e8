// Package testdb gives each test its own real database: a fresh schema in the
// PostgreSQL at TEST_DATABASE_URL, or a fresh SQLite file. Nothing is mocked.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultURL is the PostgreSQL the tests use when TEST_DATABASE_URL is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Dialects are the databases every store and handler test runs on.
var Dialects = []string{"postgres", "sqlite"}

// Database is one test's database.
type Database struct {
	// URL is a DATABASE_URL for PostgreSQL, "" for SQLite.
	URL string
	// DataDir is a fresh directory for the embedded files.
	DataDir string
	// Schema is the PostgreSQL schema, "" for SQLite.
	Schema string
}

// New makes an empty database of the dialect, removed when the test ends.
func New(tb testing.TB, dialect string) Database {
	tb.Helper()
	db := Database{DataDir: tb.TempDir()}
	if dialect == "sqlite" {
		return db
	}
	db.Schema, db.URL = NewSchema(tb)
	return db
}

// Missing stops a test that needs what is not on this machine: locally it skips with
// one line saying what to install; under CI (CI=true) it fails, so that nothing is
// silently skipped there.
func Missing(tb testing.TB, what, how string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is missing, and CI=true does not skip: %s", what, how)
	}
	tb.Skipf("skipped: %s is missing: %s", what, how)
}

// AdminURL is TEST_DATABASE_URL, or DefaultURL.
func AdminURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// NewSchema creates a schema of its own and returns it with a URL whose search_path
// points there, so that the test's tables, sessions and counters live in it alone.
func NewSchema(tb testing.TB) (schema, dbURL string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		Missing(tb, "PostgreSQL", fmt.Sprintf("cannot reach it at %s (%v); install and start it (apt-get install postgresql), or point TEST_DATABASE_URL at one", AdminURL(), err))
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema = "t_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("testdb: create schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, AdminURL())
		if err != nil {
			tb.Errorf("testdb: drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("testdb: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(AdminURL())
	if err != nil {
		tb.Fatalf("testdb: TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return schema, u.String()
}
