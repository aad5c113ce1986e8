package opstest

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestBinaryAloneInAnEmptyDirectory copies the binary, and nothing else, to an empty
// directory and serves from there: every page and asset comes from inside it.
func TestBinaryAloneInAnEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "leadline")
	copyFile(t, binary(t), bin, 0o755)

	inst := start(t, "alone", bin, map[string]string{
		"LEADLINE_DATA_DIR":     filepath.Join(dir, "data"),
		"LEADLINE_METRICS_ADDR": "127.0.0.1:0",
	})

	resp, err := noRedirects.Get(inst.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if doc.Find("form#lead-form").Length() != 1 {
		t.Error("the landing page has no lead form")
	}
	css, ok := doc.Find(`link[rel="stylesheet"]`).First().Attr("href")
	if !ok || !strings.HasPrefix(css, "/assets/") {
		t.Fatalf("no stylesheet link under /assets/: %q", css)
	}
	resp, err = noRedirects.Get(inst.URL + css)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || len(body) == 0 {
		t.Errorf("GET %s: %d %q, %d bytes", css, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}

	// The data directory is the only thing it wrote.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "leadline" && e.Name() != "data" {
			t.Errorf("unexpected file beside the binary: %s", e.Name())
		}
	}

	// Metrics on their own port, never the public one.
	resp, err = noRedirects.Get(inst.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("public GET /metrics: %d, want 404", resp.StatusCode)
	}
	metricsAddr := inst.waitLog("metrics listening").str("addr")
	resp, err = noRedirects.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`leadline_http_requests_total{method="GET",route="/",status="200"} 1`,
		`leadline_http_requests_total{method="GET",route="/assets/:name",status="200"} 1`,
		`go_sql_open_connections{db_name="store"}`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the scrape lacks %s", want)
		}
	}
}

// TestVersionIsStamped: make build's -ldflags reach `leadline version`.
func TestVersionIsStamped(t *testing.T) {
	out := mustRun(t, binary(t), nil, "", "version")
	for _, want := range []string{"leadline " + testVersion + "\n", testCommit, testDate} {
		if !strings.Contains(out, want) {
			t.Errorf("version output %q lacks %q", out, want)
		}
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, mode); err != nil {
		t.Fatal(err)
	}
}
