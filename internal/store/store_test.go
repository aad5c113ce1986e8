package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// MustOpen opens a store on a fresh database of the dialect.
func MustOpen(tb testing.TB, dialect string) (*store.Store, testdb.Database) {
	tb.Helper()
	db := testdb.New(tb, dialect)
	s, err := store.Open(context.Background(), options(db))
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, db
}

func options(db testdb.Database) store.Options {
	return store.Options{DatabaseURL: db.URL, SQLitePath: filepath.Join(db.DataDir, "leadline.db")}
}

func each(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) { t.Parallel(); fn(t, d) })
	}
}

func addLead(t *testing.T, s *store.Store, name, email, company, message string) *models.Lead {
	t.Helper()
	l := models.Submission{LeadInput: models.LeadInput{Name: name, Email: email, Company: company, Message: message}}.NewLead("")
	if _, err := s.CreateLead(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestMigrations(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, db := MustOpen(t, dialect)
		v, err := s.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("schema version %d, %v", v, err)
		}
		s.Close()

		t.Run("ReopenAppliesNothingTwice", func(t *testing.T) {
			s2, err := store.Open(ctx, options(db))
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			if v2, _ := s2.SchemaVersion(ctx); v2 != v {
				t.Errorf("version %d after reopen, want %d", v2, v)
			}
		})
	})

	t.Run("postgres/ConcurrentStarts", func(t *testing.T) {
		db := testdb.New(t, "postgres")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				s, err := store.Open(context.Background(), options(db))
				if err == nil {
					s.Close()
				}
				errs[i] = err
			}(i)
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("instance %d: %v", i, err)
			}
		}
	})
}

func TestOpenUnreachablePostgres(t *testing.T) {
	start := time.Now()
	_, err := store.Open(context.Background(), store.Options{DatabaseURL: "postgres://leadline:secret@127.0.0.1:1/leadline?sslmode=disable"})
	if err == nil {
		t.Fatal("opened a database that is not there")
	}
	if !strings.Contains(err.Error(), "cannot connect to PostgreSQL at 127.0.0.1:1/leadline") || strings.Contains(err.Error(), "secret") {
		t.Errorf("error %q", err)
	}
	if time.Since(start) > 15*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}
