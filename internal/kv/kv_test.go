package kv_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/internal/kv"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/internal/testdb"
)

// openKV opens the storages on a fresh, migrated database of the dialect, with a fake
// clock that starts at the real time.
func openKV(t *testing.T, dialect string) (*kv.KV, *clockwork.FakeClock) {
	t.Helper()
	ctx := context.Background()
	db := testdb.New(t, dialect)
	st, err := store.Open(ctx, store.Options{DatabaseURL: db.URL, SQLitePath: filepath.Join(db.DataDir, "leadline.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := clockwork.NewFakeClockAt(time.Now())
	k, err := kv.Open(ctx, kv.Options{DatabaseURL: db.URL, SQLite: st.SQLDB(), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	return k, clock
}

// TestStorages runs the same contract against both session storages.
func TestStorages(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			k, _ := openKV(t, dialect)
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
			// An expiry in the past: PostgreSQL's storage reads the real clock, which a
			// test cannot move, so the key is written already expired.
			if err := s.Set("short", []byte("x"), -time.Second); err != nil {
				t.Fatal(err)
			}
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

// TestCounterIsAtomic hits one key from many goroutines: every hit gets its own count.
func TestCounterIsAtomic(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			k, clock := openKV(t, dialect)
			const n = 40
			seen := make(chan int, n)
			var wg sync.WaitGroup
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, reset, err := k.Counter.Hit(ctx, "k", time.Minute)
					if err != nil || time.Until(reset) <= 0 {
						t.Errorf("hit: %d %v %v", c, reset, err)
					}
					seen <- c
				}()
			}
			wg.Wait()
			close(seen)
			counts := map[int]bool{}
			for c := range seen {
				counts[c] = true
			}
			if len(counts) != n {
				t.Errorf("%d distinct counts for %d hits", len(counts), n)
			}
			if c, _, _ := k.Counter.Hit(ctx, "other", time.Second); c != 1 {
				t.Errorf("another key starts at %d", c)
			}
			if c, _, _ := k.Counter.Peek(ctx, "other"); c != 1 {
				t.Errorf("peek: %d, want 1", c)
			}
			clock.Advance(time.Second)
			if c, _, _ := k.Counter.Peek(ctx, "other"); c != 0 {
				t.Errorf("peek after the window: %d, want 0", c)
			}
			if c, _, _ := k.Counter.Hit(ctx, "other", time.Second); c != 1 {
				t.Errorf("a new window starts at %d", c)
			}
		})
	}
}

// TestLimit counts per subject, whatever the subject's length, and frees it when the
// window ends.
func TestLimit(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			k, clock := openKV(t, dialect)
			l := kv.Limit{Name: "test", Max: 2, Window: time.Minute, Counter: k.Counter}
			long := strings.Repeat("x", 5000) + "\x00\xff"
			for i := 1; i <= 3; i++ {
				ok, wait, err := l.Take(ctx, long, clock.Now())
				if err != nil {
					t.Fatal(err)
				}
				if ok != (i <= 2) || (!ok && (wait < 59*time.Second || wait > time.Minute)) {
					t.Errorf("take %d: ok %v, wait %v", i, ok, wait)
				}
			}
			if over, _, err := l.Exhausted(ctx, "someone else", clock.Now()); over || err != nil {
				t.Errorf("another subject exhausted: %v %v", over, err)
			}
			if err := l.Record(ctx, "someone else"); err != nil {
				t.Fatal(err)
			}
			if err := l.Record(ctx, "someone else"); err != nil {
				t.Fatal(err)
			}
			if over, wait, _ := l.Exhausted(ctx, "someone else", clock.Now()); !over || wait <= 0 {
				t.Errorf("after Max records: over %v, wait %v", over, wait)
			}
			clock.Advance(time.Minute)
			if over, _, _ := l.Exhausted(ctx, "someone else", clock.Now()); over {
				t.Error("still exhausted after the window")
			}
			if ok, _, _ := l.Take(ctx, long, clock.Now()); !ok {
				t.Error("the long subject is still limited after the window")
			}
		})
	}
}
