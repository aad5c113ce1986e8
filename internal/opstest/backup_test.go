package opstest

import (
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestBackupWhileServingRestores writes leads, runs `leadline backup` while the server
// serves and a visitor keeps posting, restores the copy into a fresh data directory,
// starts from it, and finds every lead and user that existed when the backup began.
func TestBackupWhileServingRestores(t *testing.T) {
	bin := binary(t)
	dataDir := t.TempDir()
	env := map[string]string{
		"LEADLINE_DATA_DIR": dataDir,
		// The posts come through a "proxy" that names a new client each time, so the
		// lead form's limit of ten a minute per client does not stop the writer.
		"LEADLINE_TRUSTED_PROXIES": "127.0.0.1",
	}
	live := start(t, "live", bin, env)
	const pass = "a long enough password"
	mustRun(t, bin, env, pass+"\n", "user", "add", "--email", "boss@example.com", "--name", "Boss", "--admin", "--password-stdin")
	mustRun(t, bin, env, pass+"\n", "user", "add", "--email", "sam@example.com", "--name", "Sam", "--password-stdin")

	w := &writer{t: t, in: live}
	for range 25 {
		w.post()
	}
	// Keep writing while the backup runs, and only take it once the writer is going.
	stop := make(chan struct{})
	going := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 5000; i++ {
			w.post()
			if i == 0 {
				close(going)
			}
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	<-going
	before := w.stored()
	copyPath := filepath.Join(t.TempDir(), "leadline-backup.db")
	out := mustRun(t, bin, env, "", "backup", "--out", copyPath)
	after := w.stored()
	close(stop)
	wg.Wait()
	if !strings.Contains(out, copyPath) {
		t.Errorf("backup said %q", out)
	}
	if w.failed() > 0 {
		t.Fatalf("%d posts failed while the backup ran", w.failed())
	}
	t.Logf("%d leads stored before the backup began, %d by its end, %d in all", len(before), len(after), len(w.stored()))

	// Restore: the copy is the database file of a new data directory.
	restoredDir := t.TempDir()
	copyFile(t, copyPath, filepath.Join(restoredDir, "leadline.db"), 0o600)
	restored := start(t, "restored", bin, map[string]string{"LEADLINE_DATA_DIR": restoredDir})

	users := mustRun(t, bin, map[string]string{"LEADLINE_DATA_DIR": restoredDir}, "", "user", "list")
	for _, email := range []string{"boss@example.com", "sam@example.com"} {
		if !strings.Contains(users, email) {
			t.Errorf("restored users lack %s:\n%s", email, users)
		}
	}
	// Sam signs in with the password from before the backup and exports every lead.
	r := postForm(t, restored, "/login", nil, url.Values{"email": {"sam@example.com"}, "password": {pass}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on the restored copy: %d", r.StatusCode)
	}
	csv := get(t, restored, "/app/leads.csv", sessionCookie(t, r))
	if csv.StatusCode != http.StatusOK {
		t.Fatalf("CSV export: %d", csv.StatusCode)
	}
	missing := 0
	for _, email := range before {
		if !strings.Contains(csv.Body, email) {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d leads stored before the backup are missing from the restored copy", missing, len(before))
	}
	// The copy is of one moment: nothing posted after the backup finished is in it.
	// (The writer posts one at a time; the one in flight as the backup ended may
	// have been stored before it, so the check starts after that one.)
	for _, email := range w.stored()[min(len(after)+1, len(w.stored())):] {
		if strings.Contains(csv.Body, email) {
			t.Errorf("%s, posted after the backup finished, is in the copy", email)
		}
	}
}

// writer posts leads from the landing form, each from a new client address, and
// remembers which ones the server confirmed.
type writer struct {
	t    *testing.T
	in   *instance
	mu   sync.Mutex
	n    int
	ok   []string
	fail int
}

func (w *writer) post() {
	w.mu.Lock()
	w.n++
	n := w.n
	w.mu.Unlock()
	email := fmt.Sprintf("lead%05d@example.com", n)
	req, _ := http.NewRequest(http.MethodPost, w.in.URL+"/leads",
		strings.NewReader(url.Values{"name": {"Lead"}, "email": {email}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.%d.%d", n/250%250, n%250))
	resp, err := noRedirects.Do(req)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		w.fail++
		if err == nil {
			resp.Body.Close()
		}
		return
	}
	resp.Body.Close()
	w.ok = append(w.ok, email)
}

// stored is every lead confirmed so far, in order.
func (w *writer) stored() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.ok...)
}

func (w *writer) failed() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fail
}
