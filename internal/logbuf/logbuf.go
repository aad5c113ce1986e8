// Package logbuf buffers log output and writes it out a few times a second. A write
// to stderr per request was the largest cost of serving the landing page after the
// render; a line may now reach the log up to one interval late, and Close writes out
// what is left.
package logbuf

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// Writer is a goroutine-safe buffered writer that flushes every interval.
type Writer struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// New buffers w and flushes it every interval until Close.
func New(w io.Writer, interval time.Duration) *Writer {
	b := &Writer{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-b.stop:
				return
			case <-t.C:
				_ = b.Flush()
			}
		}
	}()
	return b
}

// Write buffers p. Each slog record is one Write, so lines never interleave.
func (b *Writer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Flush writes out what is buffered.
func (b *Writer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Flush()
}

// Close stops the flusher and writes out the rest; the Writer must not be used after.
func (b *Writer) Close() error {
	b.once.Do(func() {
		close(b.stop)
		<-b.done
	})
	return b.Flush()
}
