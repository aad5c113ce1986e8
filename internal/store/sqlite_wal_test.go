package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/testdb"
)

// TestSQLiteLogEmptied: past its limit, SQLite's write-ahead log is checkpointed and
// emptied at the keeper's next look (the clock's next second; the test waits for the
// keeper's log line, not for time), where SQLite alone
// keeps it until a moment with no reader, which a steady stream of posts never gives.
func TestSQLiteLogEmptied(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t, "sqlite")
	clock := clockwork.NewFakeClock()
	opts := options(db)
	opts.Clock = clock
	logged := make(chan string, 1024)
	opts.Logger = slog.New(slog.NewTextHandler(lineWriter(logged), &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.SetWALLimit(64 << 10)
	wal := filepath.Join(db.DataDir, "leadline.db-wal")
	size := func() int64 {
		fi, err := os.Stat(wal)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	for i := range 20 {
		addLead(t, s, fmt.Sprintf("Lead %d", i), fmt.Sprintf("l%d@example.com", i), "Acme", "A message long enough to fill a page or two")
	}
	if n := size(); n <= 64<<10 {
		t.Fatalf("the log is %d bytes before the keeper looked; the test needs it past the limit", n)
	}
	waitCtx, cancel := context.WithTimeout(ctx, 20*time.Second) // bounds a hang; measures nothing
	defer cancel()
	if err := clock.BlockUntilContext(waitCtx, 1); err != nil {
		t.Fatalf("no keeper waits on the clock: %v", err)
	}
	clock.Advance(time.Second)
	for line := ""; !strings.Contains(line, "write-ahead log emptied"); {
		select {
		case line = <-logged:
		case <-waitCtx.Done():
			t.Fatalf("the keeper did not empty the log: %v", waitCtx.Err())
		}
	}
	if n := size(); n != 0 {
		t.Fatalf("the log is %d bytes after the keeper emptied it", n)
	}
	if n, err := s.CountLeads(ctx); err != nil || n != 20 {
		t.Fatalf("%d leads after the checkpoint, %v", n, err)
	}
}

// lineWriter sends each log line to a channel, for a test that waits for one; a line
// that finds the channel full is dropped rather than hold the store up.
type lineWriter chan<- string

func (w lineWriter) Write(p []byte) (int, error) {
	select {
	case w <- string(p):
	default:
	}
	return len(p), nil
}
