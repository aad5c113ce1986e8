package logbuf

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestLinesArriveWholeAndInTime(t *testing.T) {
	out := &syncBuf{}
	w := New(out, 20*time.Millisecond)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				fmt.Fprintf(w, "goroutine %d line %d %s\n", g, i, strings.Repeat("x", 40))
			}
		}(g)
	}
	wg.Wait()
	time.Sleep(100 * time.Millisecond)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 8*500 {
		t.Fatalf("%d lines flushed by the ticker, want %d", len(lines), 8*500)
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, strings.Repeat("x", 40)) || strings.Count(l, "goroutine") != 1 {
			t.Fatalf("a line was split or mixed: %q", l)
		}
	}
	fmt.Fprintln(w, "last")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), "last\n") {
		t.Error("Close did not write out the rest")
	}
	if err := w.Close(); err != nil {
		t.Error("second Close:", err)
	}
}
