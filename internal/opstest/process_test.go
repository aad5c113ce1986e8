package opstest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Stamps the test build carries, as make build would.
const (
	testVersion = "v0.0.0-opstest"
	testCommit  = "0123456789abcdef0123456789abcdef01234567"
	testDate    = "2026-01-02T03:04:05Z"
)

// Bounds on waiting for a real event (a log line, a process exit). They stop a
// broken test; nothing here measures time.
const (
	startTimeout = 60 * time.Second
	stopTimeout  = 40 * time.Second
)

var build struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// TestMain removes the binary built for the package's tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

// binary builds bin/leadline once for the package, as make build does: no cgo,
// -trimpath, version, commit and date stamped.
func binary(t *testing.T) string {
	t.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "leadline-opstest-")
		if build.err != nil {
			return
		}
		root, err := moduleRoot()
		if err != nil {
			build.err = err
			return
		}
		build.path = filepath.Join(build.dir, "leadline")
		cmd := exec.Command(goTool(), "build", "-trimpath", "-o", build.path,
			"-ldflags", fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.date=%s", testVersion, testCommit, testDate),
			".")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.path
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// moduleRoot is the directory of go.mod, two levels above this package.
func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	root := filepath.Join(wd, "..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", fmt.Errorf("no go.mod two levels above %s: %w", wd, err)
	}
	return root, nil
}

// run runs a leadline command to its end and returns its output.
func run(t *testing.T, bin string, env map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = environ(env)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

// mustRun is run that fails the test when the command does.
func mustRun(t *testing.T, bin string, env map[string]string, stdin string, args ...string) string {
	t.Helper()
	out, errOut, err := run(t, bin, env, stdin, args...)
	if err != nil {
		t.Fatalf("leadline %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// environ is exactly the settings given: nothing leaks in from the test's own
// environment (a DATABASE_URL, a LEADLINE_ADDR).
func environ(env map[string]string) []string {
	out := []string{"PATH=" + os.Getenv("PATH"), "TZ=UTC"}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// instance is a running `leadline serve`.
type instance struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	// URL is the public address, http://127.0.0.1:port.
	URL  string
	logs *logLines
	done chan struct{}
	err  error
}

// start runs `leadline serve` with env on a port the system picks, logging JSON, and
// returns once it has said where it listens. Stop it with stop, or let the test's
// cleanup do so.
func start(t *testing.T, name, bin string, env map[string]string) *instance {
	t.Helper()
	inst := launch(t, name, bin, env)
	inst.waitReady()
	return inst
}

// launch starts the process without waiting for it.
func launch(t *testing.T, name, bin string, env map[string]string) *instance {
	t.Helper()
	vars := map[string]string{"LEADLINE_ADDR": "127.0.0.1:0", "LEADLINE_LOG_FORMAT": "json"}
	for k, v := range env {
		vars[k] = v
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = environ(vars)
	// From the binary's own directory, as `cd /opt/leadline && ./leadline` would.
	cmd.Dir = filepath.Dir(bin)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	inst := &instance{t: t, name: name, cmd: cmd, logs: newLogLines(), done: make(chan struct{})}
	go func() {
		inst.logs.read(stderr)
		inst.err = cmd.Wait()
		close(inst.done)
	}()
	t.Cleanup(func() { inst.stop() })
	return inst
}

// waitReady waits for the "listening" line, then for /readyz to answer 200.
func (in *instance) waitReady() {
	in.t.Helper()
	line := in.waitLog("listening")
	in.URL = "http://" + line.str("addr")
	// The listener is open before the line is written, so /readyz answers at once
	// unless the database does not; a few tries on a short tick bound the wait.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for try := 0; ; try++ {
		resp, err := http.Get(in.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if try == 100 {
			in.t.Fatalf("%s: /readyz never answered 200 (%v)\n%s", in.name, err, in.logs)
		}
		select {
		case <-tick.C:
		case <-in.done:
			in.t.Fatalf("%s exited: %v\n%s", in.name, in.err, in.logs)
		}
	}
}

// waitLog waits for a log line whose msg is msg.
func (in *instance) waitLog(msg string) logLine {
	in.t.Helper()
	l, ok := in.logs.wait(msg, in.done, startTimeout)
	if !ok {
		in.t.Fatalf("%s: no log line %q (exited: %v)\n%s", in.name, msg, in.err, in.logs)
	}
	return l
}

// stop sends SIGTERM and waits for a clean exit.
func (in *instance) stop() {
	in.t.Helper()
	select {
	case <-in.done:
		return
	default:
	}
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.done:
		if in.err != nil {
			in.t.Errorf("%s: exit after SIGTERM: %v\n%s", in.name, in.err, in.logs)
		}
	case <-time.After(stopTimeout):
		_ = in.cmd.Process.Kill()
		<-in.done
		in.t.Errorf("%s did not stop after SIGTERM\n%s", in.name, in.logs)
	}
}

// logLine is one JSON log line.
type logLine map[string]any

func (l logLine) str(k string) string { s, _ := l[k].(string); return s }

// logLines collects a process's log and lets tests wait for a line.
type logLines struct {
	mu    sync.Mutex
	lines []logLine
	raw   strings.Builder
	more  chan struct{} // closed and replaced on every line
}

func newLogLines() *logLines { return &logLines{more: make(chan struct{})} }

func (ll *logLines) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var l logLine
		_ = json.Unmarshal(sc.Bytes(), &l)
		ll.mu.Lock()
		ll.raw.WriteString(sc.Text() + "\n")
		if l != nil {
			ll.lines = append(ll.lines, l)
		}
		close(ll.more)
		ll.more = make(chan struct{})
		ll.mu.Unlock()
	}
}

// wait returns the first line with msg, waiting for it until exited closes or the
// bound passes.
func (ll *logLines) wait(msg string, exited <-chan struct{}, bound time.Duration) (logLine, bool) {
	deadline := time.After(bound)
	for {
		ll.mu.Lock()
		for _, l := range ll.lines {
			if l.str("msg") == msg {
				ll.mu.Unlock()
				return l, true
			}
		}
		more := ll.more
		ll.mu.Unlock()
		select {
		case <-more:
		case <-exited:
			// The last lines may have arrived with the exit.
			ll.mu.Lock()
			defer ll.mu.Unlock()
			for _, l := range ll.lines {
				if l.str("msg") == msg {
					return l, true
				}
			}
			return nil, false
		case <-deadline:
			return nil, false
		}
	}
}

// find returns every line with msg so far.
func (ll *logLines) find(msg string) []logLine {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	var out []logLine
	for _, l := range ll.lines {
		if l.str("msg") == msg {
			out = append(out, l)
		}
	}
	return out
}

func (ll *logLines) String() string {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	return ll.raw.String()
}

// noRedirects is an HTTP client that shows redirects instead of following them, and
// keeps no cookies: each test carries cookies by hand, to the instance it chooses.
var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       30 * time.Second,
}
