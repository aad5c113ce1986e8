package kv_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/testdb"
)

// TestStorages runs the same contract against both session storages.
func TestStorages(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.New(t, dialect)
			st, err := store.Open(ctx, store.Options{DatabaseURL: db.URL, SQLitePath: filepath.Join(db.DataDir, "leadline.db")})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			k, err := kv.Open(ctx, kv.Options{DatabaseURL: db.URL, SQLite: st.SQLDB()})
			if err != nil {
				t.Fatal(err)
			}
			defer k.Close()
			s := k.Sessions

			if v, err := s.Get("missing"); v != nil || err != nil {
				t.Errorf("missing key: %q %v", v, err)
			}
			if err := s.Set("a", []byte("one"), time.Hour); err != nil {
				t.Fatal(err)
			}
			if err := s.Set("a", []byte("two"), time.Hour); err != nil {
				t.Fatal(err)
			}
			if v, _ := s.Get("a"); string(v) != "two" {
				t.Errorf("overwrite: %q", v)
			}
			if err := s.Set("short", []byte("x"), time.Second); err != nil {
				t.Fatal(err)
			}
			time.Sleep(2100 * time.Millisecond)
			if v, _ := s.Get("short"); v != nil {
				t.Errorf("expired key still there: %q", v)
			}
			if err := s.Delete("a"); err != nil {
				t.Fatal(err)
			}
			if v, _ := s.Get("a"); v != nil {
				t.Errorf("deleted key: %q", v)
			}
			if err := k.Ping(ctx); err != nil {
				t.Errorf("ping: %v", err)
			}
			if err := k.Close(); err != nil {
				t.Error(err)
			}
			if err := k.Close(); err != nil {
				t.Error("second close:", err)
			}
		})
	}
}

func TestOpenUnreachable(t *testing.T) {
	_, err := kv.Open(context.Background(), kv.Options{DatabaseURL: "postgres://postgres@127.0.0.1:1/x?sslmode=disable"})
	if err == nil {
		t.Fatal("opened storage on a database that is not there")
	}
}
