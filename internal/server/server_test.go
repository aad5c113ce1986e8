package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/clientip"
	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/headers"
)

// slowClientTimeout is the read timeout of the servers under test: short, so the
// slowloris test waits for it rather than for the production ten seconds.
const slowClientTimeout = 300 * time.Millisecond

func testApp(t *testing.T, env map[string]string) *fiber.App {
	t.Helper()
	cfg, err := config.Load(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ips, _ := clientip.New(cfg.TrustedProxies)
	errorHandler := func(c *fiber.Ctx, err error) error {
		code := fiber.StatusInternalServerError
		if fe, ok := err.(*fiber.Error); ok {
			code = fe.Code
		}
		return c.Status(code).SendString("error page")
	}
	return newApp(cfg, errorHandler, headers.New(cfg.Secure()), ips, slog.New(slog.DiscardHandler), Options{ReadTimeout: slowClientTimeout})
}

func TestPanicDoesNotKillTheProcess(t *testing.T) {
	app := testApp(t, nil)
	app.Get("/boom", func(c *fiber.Ctx) error { panic("boom") })
	app.Get("/ok", func(c *fiber.Ctx) error { return c.SendString("ok") })
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/boom", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("panic: status %d", resp.StatusCode)
	}
	resp, err = app.Test(httptest.NewRequest(http.MethodGet, "/ok", nil), -1)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("after a panic: %v %v", resp, err)
	}
}

func TestHSTSOnlyOverHTTPS(t *testing.T) {
	app := testApp(t, map[string]string{"LEADLINE_BASE_URL": "https://leads.example.com", "LEADLINE_TRUSTED_PROXIES": "0.0.0.0/32"})
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("hi") })
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, _ := app.Test(req, -1)
	if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=31536000") {
		t.Errorf("HSTS over HTTPS: %q", hsts)
	}
	resp, _ = app.Test(httptest.NewRequest(http.MethodGet, "/", nil), -1)
	if hsts := resp.Header.Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS over plain HTTP: %q", hsts)
	}
}

func TestSlowClientIsCutOff(t *testing.T) {
	app := testApp(t, nil)
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("hi") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	defer app.Shutdown()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Half a request line, then silence (a slowloris).
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	b, _ := io.ReadAll(conn) // returns when the server closes the connection
	if waited := time.Since(start); waited >= 30*time.Second {
		t.Fatalf("connection still open after %v", waited)
	}
	if len(b) > 0 && !strings.Contains(string(b), "408") {
		t.Errorf("answer to a slow client: %q", b)
	}
}

func TestGracefulShutdown(t *testing.T) {
	app := testApp(t, nil)
	started, release := make(chan struct{}), make(chan struct{})
	var finished atomic.Bool
	app.Get("/slow", func(c *fiber.Ctx) error {
		close(started)
		<-release // finishes only once shutdown has begun
		finished.Store(true)
		return c.SendString("finished")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	logs := &lineWatch{want: "shutting down", seen: make(chan struct{})}
	// The background work stops after the last request, with the shutdown's deadline.
	backgroundStopped := make(chan string, 1)
	background := func(ctx context.Context) error {
		_, hasDeadline := ctx.Deadline()
		backgroundStopped <- fmt.Sprintf("after the request: %v, deadline: %v", finished.Load(), hasDeadline)
		return nil
	}
	go func() { served <- Serve(ctx, app, ln, nil, slog.New(slog.NewTextHandler(logs, nil)), background) }()

	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-started
	cancel() // as SIGTERM does
	<-logs.seen
	close(release)
	if body := <-got; body != "finished" {
		t.Errorf("in-flight request: %q", body)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
	if got := <-backgroundStopped; got != "after the request: true, deadline: true" {
		t.Errorf("background stopped %s", got)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

// lineWatch is a log sink that closes seen when a line containing want is written.
type lineWatch struct {
	want string
	seen chan struct{}
	once sync.Once
}

func (w *lineWatch) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}
