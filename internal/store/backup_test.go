package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

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
