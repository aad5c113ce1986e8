package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	"github.com/leadline/leadline/internal/testdb"
)

func run(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, Env{
		Getenv:  func(k string) string { return vars[k] },
		Stdin:   strings.NewReader(""),
		Stdout:  &out,
		Stderr:  &errb,
		Version: "1.2.3",
	})
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	code := Run(context.Background(), []string{"version"}, Env{
		Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &out,
		Version: "1.2.3", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-01-02T03:04:05Z",
	})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if code != 0 || len(lines) != 4 || lines[0] != "leadline 1.2.3" ||
		!strings.HasSuffix(lines[1], " 0123456789abcdef0123456789abcdef01234567") ||
		!strings.HasSuffix(lines[2], " 2026-01-02T03:04:05Z") || !strings.Contains(lines[3], "go1.") {
		t.Errorf("code %d out %q", code, out.String())
	}
}

// TestVersionFromBuildInfo: a plain `go build .` stamps nothing with -ldflags; the
// commit and its time come from the VCS settings Go records (with -buildvcs, its
// default in a git clone).
func TestVersionFromBuildInfo(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	info := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
		{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	b := buildFrom(Env{}, info)
	if b.Version != "dev-0123456789ab" || b.Commit != rev+"-dirty" || b.Date != "2026-01-02T03:04:05Z" {
		t.Errorf("from build info: %+v", b)
	}
	b = buildFrom(Env{Version: "v1.4.0", Commit: "abc", Date: "2026-02-03T00:00:00Z"}, info)
	if b.Version != "v1.4.0" || b.Commit != "abc" || b.Date != "2026-02-03T00:00:00Z" {
		t.Errorf("stamps should win: %+v", b)
	}
	b = buildFrom(Env{}, &debug.BuildInfo{Main: debug.Module{Version: "v1.5.0"}})
	if b.Version != "v1.5.0" || b.Commit != "unknown" || b.Date != "unknown" {
		t.Errorf("go install @version: %+v", b)
	}
	if b := buildFrom(Env{}, nil); b.Version != "dev" || b.Commit != "unknown" {
		t.Errorf("no build info: %+v", b)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errOut := run(t, nil, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("code %d stderr %q", code, errOut)
	}
}

func TestBadSettingStopsWithOneLine(t *testing.T) {
	code, _, errOut := run(t, map[string]string{"LEADLINE_SESSION_IDLE": "soon", "LEADLINE_LOG_FORMAT": "xml"}, "serve")
	if code == 0 {
		t.Fatal("started with a bad setting")
	}
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "LEADLINE_SESSION_IDLE") {
		t.Errorf("stderr %q", errOut)
	}
}

func TestPostgresDownStopsWithOneLine(t *testing.T) {
	code, _, errOut := run(t, map[string]string{
		"DATABASE_URL":      "postgres://postgres@127.0.0.1:1/leadline?sslmode=disable",
		"LEADLINE_DATA_DIR": t.TempDir(),
	}, "serve")
	if code == 0 {
		t.Fatal("started without a database")
	}
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "cannot connect to PostgreSQL") {
		t.Errorf("stderr %q", errOut)
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")
	code, stdout, errOut := run(t, map[string]string{"LEADLINE_DATA_DIR": dir}, "backup", "--out", out)
	if code != 0 || !strings.Contains(stdout, out) {
		t.Fatalf("code %d stdout %q stderr %q", code, stdout, errOut)
	}
	if code, _, errOut := run(t, map[string]string{"LEADLINE_DATA_DIR": dir}, "backup"); code == 0 || !strings.Contains(errOut, "--out") {
		t.Errorf("without --out: code %d stderr %q", code, errOut)
	}
}

func runIn(t *testing.T, vars map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{
		Getenv: func(k string) string { return vars[k] },
		Stdin:  strings.NewReader(stdin),
		Stdout: &out, Stderr: &errb, Version: "test", BcryptCost: 4,
	})
	return code, out.String(), errb.String()
}

func TestUserCommands(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := testdb.New(t, dialect)
			vars := map[string]string{"DATABASE_URL": db.URL, "LEADLINE_DATA_DIR": db.DataDir}
			ok := func(stdin string, args ...string) string {
				t.Helper()
				code, out, errOut := runIn(t, vars, stdin, args...)
				if code != 0 {
					t.Fatalf("%v: code %d stderr %q", args, code, errOut)
				}
				return out
			}
			fails := func(stdin, want string, args ...string) {
				t.Helper()
				code, _, errOut := runIn(t, vars, stdin, args...)
				if code == 0 || !strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
					t.Errorf("%v: code %d stderr %q, want one line with %q", args, code, errOut, want)
				}
			}

			ok("a long enough password\n", "user", "add", "--email", "Boss@Example.com", "--name", "The Boss", "--admin", "--password-stdin")
			ok("another long password\n", "user", "add", "--email", "sam@example.com", "--name", "Sam", "--password-stdin")
			fails("short\n", "at least 12", "user", "add", "--email", "x@example.com", "--name", "X", "--password-stdin")
			fails("a long enough password\n", "already exists", "user", "add", "--email", "BOSS@example.com", "--name", "Again", "--password-stdin")
			fails("", "--password-stdin", "user", "add", "--email", "y@example.com", "--name", "Y")

			list := ok("", "user", "list")
			if !strings.Contains(list, "boss@example.com") || !strings.Contains(list, "admin") || !strings.Contains(list, "sam@example.com") {
				t.Errorf("list: %q", list)
			}
			ok("a new long password\n", "user", "passwd", "--email", "sam@example.com", "--password-stdin")
			fails("a new long password\n", "no user", "user", "passwd", "--email", "nobody@example.com", "--password-stdin")
			ok("", "user", "deactivate", "--email", "sam@example.com")
			fails("", "last active admin", "user", "deactivate", "--email", "boss@example.com")
			if list := ok("", "user", "list"); !strings.Contains(list, "false") {
				t.Errorf("after deactivate: %q", list)
			}
		})
	}
}

// TestRefusesDowngrade: a database that a newer binary migrated stops every command
// with one line naming both migration versions, and nothing is changed.
func TestRefusesDowngrade(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := testdb.New(t, dialect)
			vars := map[string]string{"DATABASE_URL": db.URL, "LEADLINE_DATA_DIR": db.DataDir, "LEADLINE_ADDR": "127.0.0.1:0"}
			if code, _, errOut := runIn(t, vars, "", "user", "list"); code != 0 {
				t.Fatalf("first start: code %d stderr %q", code, errOut)
			}
			conn := openRaw(t, db)
			var newest int
			if err := conn.QueryRow("SELECT MAX(version) FROM schema_migrations").Scan(&newest); err != nil {
				t.Fatal(err)
			}
			future := newest + 1
			if _, err := conn.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from_the_future', CURRENT_TIMESTAMP)", future); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"serve"}, {"user", "list"}} {
				// Should the check go, serve would start: the deadline stops it, and
				// the test fails rather than hangs.
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				var out, errb bytes.Buffer
				code := Run(ctx, args, Env{Getenv: func(k string) string { return vars[k] }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, BcryptCost: 4})
				cancel()
				errOut := errb.String()
				if code != 1 || strings.Count(errOut, "\n") != 1 {
					t.Fatalf("%v: code %d stderr %q, want exit 1 and one line", args, code, errOut)
				}
				for _, want := range []string{fmt.Sprintf("migration %d", future), fmt.Sprintf("up to %d", newest), "downgrade"} {
					if !strings.Contains(errOut, want) {
						t.Errorf("%v: %q does not say %q", args, errOut, want)
					}
				}
			}
		})
	}
}

// openRaw opens the test's database directly, beside the store.
func openRaw(t *testing.T, db testdb.Database) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", db.URL
	if db.URL == "" {
		driver, dsn = sqlite.DriverName, filepath.Join(db.DataDir, "leadline.db")
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
