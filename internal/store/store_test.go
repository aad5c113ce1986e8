package store_test

import (
	"context"
	"errors"
	"os"
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

func TestCreateLead(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		sub := models.Submission{LeadInput: models.LeadInput{Name: "Ada", Email: "ada@example.com", Message: "<script>x</script>"}}

		t.Run("OK", func(t *testing.T) {
			created, err := s.CreateLead(ctx, sub.NewLead("key-1"))
			if err != nil || !created {
				t.Fatalf("created %v, %v", created, err)
			}
		})
		t.Run("SameKeyStoredOnce", func(t *testing.T) {
			created, err := s.CreateLead(ctx, sub.NewLead("key-1"))
			if err != nil || created {
				t.Fatalf("created %v, %v", created, err)
			}
		})
		t.Run("NoKeyAlwaysStored", func(t *testing.T) {
			for i := 0; i < 2; i++ {
				if created, err := s.CreateLead(ctx, sub.NewLead("")); err != nil || !created {
					t.Fatalf("created %v, %v", created, err)
				}
			}
		})
		t.Run("ReadBack", func(t *testing.T) {
			n, err := s.CountLeads(ctx)
			if err != nil || n != 3 {
				t.Fatalf("count %d, %v", n, err)
			}
			recent, err := s.RecentLeads(ctx, 10)
			if err != nil || len(recent) != 3 || recent[0].ID < recent[2].ID {
				t.Fatalf("recent %v, %v", recent, err)
			}
			l, err := s.Lead(ctx, recent[2].ID)
			if err != nil || l.Message != "<script>x</script>" || l.Status != models.StatusNew {
				t.Errorf("lead %+v, %v", l, err)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := s.Lead(ctx, 999999); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("err %v", err)
			}
		})
		t.Run("ErrStatusChecked", func(t *testing.T) {
			l := sub.NewLead("")
			l.Status = "archived"
			if _, err := s.CreateLead(ctx, l); err == nil {
				t.Error("the database accepted an unknown status")
			}
		})
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s, db := MustOpen(t, "sqlite")
	if _, err := s.CreateLead(ctx, models.Submission{LeadInput: models.LeadInput{Name: "Ada", Email: "a@b.co"}}.NewLead("")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(db.DataDir, "backup.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, out); err == nil {
		t.Error("backup overwrote an existing file")
	}
	copyStore, err := store.Open(ctx, store.Options{SQLitePath: out})
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	if n, err := copyStore.CountLeads(ctx); err != nil || n != 1 {
		t.Errorf("backup holds %d leads, %v", n, err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}

	pg, _ := MustOpen(t, "postgres")
	if err := pg.Backup(ctx, filepath.Join(t.TempDir(), "x.db")); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("PostgreSQL backup: %v", err)
	}
}
