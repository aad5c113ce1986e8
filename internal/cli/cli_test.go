package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
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
	code, out, _ := run(t, nil, "version")
	if code != 0 || out != "leadline 1.2.3\n" {
		t.Errorf("code %d out %q", code, out)
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
