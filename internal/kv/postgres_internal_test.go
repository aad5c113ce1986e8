package kv

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// TestPostgresStorageDownIsAnError: the storage's constructor panics when PostgreSQL
// does not answer; we get an error instead.
func TestPostgresStorageDownIsAnError(t *testing.T) {
	pool, err := pgxpool.New(context.Background(), "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s, err := newPostgresStorage(pool, "public.sessions")
	if err == nil || s != nil || !strings.Contains(err.Error(), "cannot reach PostgreSQL") {
		t.Errorf("storage %v, err %v", s, err)
	}
}
