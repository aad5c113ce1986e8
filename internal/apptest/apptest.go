// Package apptest builds the whole site on a real, fresh database for a test and drives
// it through real HTTP: Fiber's app.Test, or a real listener for concurrent clients.
package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/internal/app"
	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/testdb"
)

// Site is the application under test.
type Site struct {
	*app.App
	Config config.Config
	DB     testdb.Database
	Logs   *Buffer
	// Clock is the site's clock, which starts at the real time and moves only when the
	// test advances it: sessions, rate limits and dates follow it.
	Clock *clockwork.FakeClock
	tb    testing.TB
	once  sync.Once
}

// New builds the site on a fresh database of the dialect. env adds or overrides settings.
func New(tb testing.TB, dialect string, env map[string]string) *Site {
	tb.Helper()
	db := testdb.New(tb, dialect)
	return NewOn(tb, db, env)
}

// NewOn builds the site on an existing test database, as a second instance or after a
// restart would.
func NewOn(tb testing.TB, db testdb.Database, env map[string]string) *Site {
	tb.Helper()
	return NewWith(tb, db, env, JobTuning)
}

// NewWith is NewOn with River's settings of its own, such as fewer attempts.
func NewWith(tb testing.TB, db testdb.Database, env map[string]string, tuning jobs.Tuning) *Site {
	tb.Helper()
	vars := map[string]string{"DATABASE_URL": db.URL, "LEADLINE_DATA_DIR": db.DataDir}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.Load(nil, func(k string) string { return vars[k] })
	if err != nil {
		tb.Fatalf("config: %v", err)
	}
	logs := &Buffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clock := clockwork.NewFakeClockAt(time.Now())
	a, err := app.New(ctx, cfg, log, app.Options{BcryptCost: 4, Clock: clock, LoginDelay: -1, Jobs: tuning})
	if err != nil {
		tb.Fatalf("app: %v", err)
	}
	s := &Site{App: a, Config: cfg, DB: db, Logs: logs, Clock: clock, tb: tb}
	tb.Cleanup(func() { s.Close() })
	return s
}

// JobTuning makes River look for jobs every 20 ms instead of every second, and start
// without its jittered sleeps.
var JobTuning = jobs.Tuning{FetchPollInterval: 20 * time.Millisecond, FetchCooldown: 5 * time.Millisecond, TestOnly: true}

// StartJobs starts the site's background jobs (River), as the serve command does; Close
// stops them. A site whose jobs are never started stands for a process killed before it
// worked its queue.
func (s *Site) StartJobs() {
	s.tb.Helper()
	if err := s.Jobs.Start(context.Background()); err != nil {
		s.tb.Fatalf("start jobs: %v", err)
	}
}

// Close shuts the site down once, in the serve command's order: the HTTP server, the
// jobs, then the database. Tests that restart it call it early.
func (s *Site) Close() {
	s.once.Do(func() {
		s.Live.Hub.Close() // as the serve command does at the signal: open streams end
		_ = s.Fiber.ShutdownWithTimeout(5 * time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Jobs.Stop(ctx); err != nil {
			s.tb.Logf("stop jobs: %v", err)
		}
		if err := s.App.Close(); err != nil {
			s.tb.Logf("close: %v", err)
		}
	})
}

// Do sends req through the application and returns the response.
func (s *Site) Do(req *http.Request) *http.Response {
	s.tb.Helper()
	resp, err := s.Fiber.Test(req, -1)
	if err != nil {
		s.tb.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	return resp
}

// Get requests path with optional header pairs ("HX-Request", "true", …).
func (s *Site) Get(path string, headers ...string) *http.Response {
	s.tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, path, nil)
	setHeaders(req, headers)
	return s.Do(req)
}

// PostForm posts url-encoded values to path with optional header pairs.
func (s *Site) PostForm(path string, values url.Values, headers ...string) *http.Response {
	s.tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	setHeaders(req, headers)
	return s.Do(req)
}

func setHeaders(req *http.Request, pairs []string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		req.Header.Set(pairs[i], pairs[i+1])
	}
}

// Listen serves the site on a loopback port until the test ends and returns its URL.
func (s *Site) Listen() string {
	s.tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.tb.Fatalf("listen: %v", err)
	}
	go func() { _ = s.Fiber.Listener(ln) }()
	return "http://" + ln.Addr().String()
}

// Doc parses a response body as HTML.
func Doc(tb testing.TB, resp *http.Response) *goquery.Document {
	tb.Helper()
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		tb.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// Body reads a response body.
func Body(tb testing.TB, resp *http.Response) string {
	tb.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("read body: %v", err)
	}
	return string(b)
}

// Buffer is a goroutine-safe log sink.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	// written is closed, and replaced, at each write: WaitFor wakes on it.
	written chan struct{}
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.written != nil {
		close(b.written)
		b.written = nil
	}
	return b.buf.Write(p)
}

// String returns everything logged so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// WaitFor waits until the log holds substr, woken by each write: for a line that a
// goroutine of the app logs after the request that set it off has ended. The bound
// guards against a hang; it measures nothing.
func (b *Buffer) WaitFor(tb testing.TB, substr string) {
	tb.Helper()
	bound := time.After(20 * time.Second)
	for {
		b.mu.Lock()
		if strings.Contains(b.buf.String(), substr) {
			b.mu.Unlock()
			return
		}
		if b.written == nil {
			b.written = make(chan struct{})
		}
		written := b.written
		b.mu.Unlock()
		select {
		case <-written:
		case <-bound:
			tb.Fatalf("the log never said %q:\n%s", substr, b.String())
		}
	}
}

// RowsDoc parses a fragment of table rows, which an HTML parser drops outside a table
// (htmx parses them in context, as this does).
func RowsDoc(tb testing.TB, resp *http.Response) *goquery.Document {
	tb.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<table><tbody>" + Body(tb, resp) + "</tbody></table>"))
	if err != nil {
		tb.Fatalf("parse HTML: %v", err)
	}
	return doc
}
