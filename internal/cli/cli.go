// Package cli is Leadline's command line: serve (the default), version, backup and the
// user commands. Run returns the process's exit code; main only calls it.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/leadline/leadline/internal/app"
	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/logbuf"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/server"
	"github.com/leadline/leadline/internal/store"
)

// Env is what a command may touch of the outside world.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Version, Commit and Date are stamped into main by `make build` and `make
	// release`; empty (or "dev") ones are read from the Go build info instead.
	Version string
	Commit  string
	Date    string
	// BcryptCost is 0 (password.DefaultCost) except in tests.
	BcryptCost int
}

const usage = `Leadline: a lead-capture site and sales pipeline in one binary.

Usage:
  leadline [serve] [-leadline_addr :3000 ...]   start the server (the default)
  leadline version                              print the version
  leadline backup --out FILE                    copy the embedded database while it runs
  leadline user add --email E --name N [--admin] [--password-stdin]
  leadline user list
  leadline user passwd --email E [--password-stdin]
  leadline user deactivate --email E
  leadline help                                 this text

Every setting is an environment variable (see README.md); a flag of the same name in
lower case wins, for example -leadline_addr :8080.
`

// Run runs the command named by args and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, env)
	case "version":
		b := BuildOf(env)
		fmt.Fprintf(env.Stdout, "leadline %s\ncommit   %s\nbuilt    %s\ngo       %s\n", b.Version, b.Commit, b.Date, b.Go)
	case "backup":
		err = backup(ctx, args, env)
	case "user":
		err = user(ctx, args, env)
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
	default:
		fmt.Fprintf(env.Stderr, "leadline: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(env.Stderr, "leadline: "+firstLine(err))
		return 1
	}
	return 0
}

// firstLine keeps the message to one line: the first of joined errors (a bad setting
// names itself first) on a single line.
func firstLine(err error) string {
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 0 {
		err = j.Unwrap()[0]
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// Build tells which source a binary was built from.
type Build struct {
	Version string
	// Commit is the full revision, with "-dirty" when the tree had uncommitted changes.
	Commit string
	// Date is the build's date: the commit's time (RFC 3339, UTC), so that one commit
	// always builds the same bytes and anyone can check a release against its sums.
	Date string
	// Go is the toolchain and platform.
	Go string
}

// BuildOf is the build stamped into env by -ldflags, with what is missing filled from
// the Go build info: a plain `go build .` records the VCS revision and commit time.
func BuildOf(env Env) Build {
	info, _ := debug.ReadBuildInfo()
	return buildFrom(env, info)
}

// buildFrom is BuildOf with the build info given (nil when there is none).
func buildFrom(env Env, info *debug.BuildInfo) Build {
	b := Build{Version: env.Version, Commit: env.Commit, Date: env.Date,
		Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	var revision, modified, vcsTime string
	if info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			case "vcs.time":
				vcsTime = s.Value
			}
		}
		if (b.Version == "" || b.Version == "dev") && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version // go install …@v1.2.3
		}
	}
	if b.Commit == "" && revision != "" {
		b.Commit = revision
		if modified == "true" {
			b.Commit += "-dirty"
		}
	}
	if b.Date == "" {
		b.Date = vcsTime
	}
	if b.Version == "" || b.Version == "dev" {
		b.Version = "dev"
		if len(revision) >= 12 {
			b.Version = "dev-" + revision[:12]
		}
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

// logFlushInterval is how late a log line may reach stderr.
const logFlushInterval = 100 * time.Millisecond

// NewLogger logs text in development and one JSON object a line with json.
func NewLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func serve(ctx context.Context, args []string, env Env) error {
	cfg, err := config.Load(args, env.Getenv)
	if err != nil {
		return err
	}
	logOut := logbuf.New(env.Stderr, logFlushInterval)
	defer logOut.Close()
	log := NewLogger(cfg.LogFormat, logOut)
	a, err := app.New(ctx, cfg, log, app.Options{BcryptCost: env.BcryptCost})
	if err != nil {
		return err
	}
	defer a.Close()
	ln, redirect, err := server.Listen(cfg)
	if err != nil {
		return err
	}
	if cfg.MetricsAddr != "" {
		stop, err := serveMetrics(cfg.MetricsAddr, a.Metrics, log)
		if err != nil {
			ln.Close()
			return err
		}
		defer stop()
	}
	db := "sqlite " + cfg.SQLitePath()
	if cfg.Postgres() {
		db = "postgres"
	}
	build := BuildOf(env)
	log.Info("leadline starting", "version", build.Version, "commit", build.Commit, "database", db, "base_url", cfg.BaseURL.String(),
		"mail", cfg.Mail(), "timezone", cfg.Location.String(), "retention", retentionText(cfg.Retention))
	if err := a.Jobs.Start(ctx); err != nil {
		return err
	}
	// Open live streams end as soon as the signal comes, so the graceful shutdown does
	// not wait for them (the browsers reconnect to another instance, or to this one
	// when it is back).
	stopLive := context.AfterFunc(ctx, a.Live.Hub.Close)
	defer stopLive()
	defer func() { // a no-op after Serve's clean shutdown; Serve may return early on an error
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = a.Jobs.Stop(sctx)
	}()
	// Serve stops the jobs after the HTTP server, within the same shutdown timeout, and
	// returns after both, so the deferred Close runs last.
	return server.Serve(ctx, a.Fiber, ln, redirect, log, a.Jobs.Stop)
}

// serveMetrics serves /metrics on addr until stop, which lets a scrape in flight finish.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger) (stop func(), err error) {
	ms, err := metrics.Listen(addr, m)
	if err != nil {
		return nil, fmt.Errorf("LEADLINE_METRICS_ADDR: %w", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := ms.Serve(); err != nil {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	log.Info("metrics listening", "addr", ms.Addr().String(), "path", "/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), metricsShutdownTimeout)
		defer cancel()
		_ = ms.Shutdown(ctx)
		<-done
	}, nil
}

// metricsShutdownTimeout is how long a scrape in flight may take at shutdown.
const metricsShutdownTimeout = 5 * time.Second

func backup(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	out := fs.String("out", "", "file to write the copy to (must not exist)")
	load := config.Bind(fs, env.Getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("backup: --out FILE is required")
	}
	cfg, err := load()
	if err != nil {
		return err
	}
	if cfg.Postgres() {
		return errors.New("backup: DATABASE_URL is PostgreSQL; back it up with pg_dump (see README.md)")
	}
	st, err := store.Open(ctx, store.Options{SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "backup written to", *out)
	return nil
}

// retentionText is LEADLINE_RETENTION as the start line says it.
func retentionText(d time.Duration) string {
	if d <= 0 {
		return "off"
	}
	return d.String()
}
