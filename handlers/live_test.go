package handlers_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/handlers"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// sseEvent is one event read from a live stream; the stream's opening retry: line
// arrives as an event named "retry", which says the stream is subscribed.
type sseEvent struct{ ID, Name, Data string }

// sseStream reads a live stream in the background.
type sseStream struct {
	resp   *http.Response
	events chan sseEvent
}

// openLive opens the live stream on a listening site with the client's cookies: at
// path (paths.LiveSince), or at paths.Live when path is "".
func openLive(t *testing.T, base string, c *apptest.Client, lastID string, path ...string) *sseStream {
	t.Helper()
	p := paths.Live
	if len(path) > 0 {
		p = path[0]
	}
	req, _ := http.NewRequest(http.MethodGet, base+p, nil)
	req.Header.Set("Accept", "text/event-stream")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	for k, v := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("live: status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sseStream{resp: resp, events: make(chan sseEvent, 16)}
	go s.read()
	t.Cleanup(func() { resp.Body.Close() })
	if e := s.next(t); e.Name != "retry" {
		t.Fatalf("first line %+v, want retry", e)
	}
	return s
}

func (s *sseStream) read() {
	defer close(s.events)
	sc := bufio.NewScanner(s.resp.Body)
	var e sseEvent
	for sc.Scan() {
		line := sc.Text()
		name, value, _ := strings.Cut(line, ": ")
		switch {
		case line == "":
			if e.Name != "" {
				s.events <- e
			}
			e = sseEvent{}
		case name == "retry":
			e.Name = "retry"
		case name == "id":
			e.ID = value
		case name == "event":
			e.Name = value
		case name == "data":
			e.Data = value
		}
	}
}

// next is the next event; the wait is a guard against a hang, not a measure of speed.
func (s *sseStream) next(t *testing.T) sseEvent {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return e
	case <-time.After(20 * time.Second):
		t.Fatal("no event")
	}
	return sseEvent{}
}

// ended fails unless the stream ends without another event.
func (s *sseStream) ended(t *testing.T) {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if ok {
			t.Fatalf("event %+v after the session ended", e)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the stream is still open")
	}
}

// leadData is an event's data.
type leadData struct {
	Event   string `json:"event"`
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	By      string `json:"by"`
}

func (e sseEvent) lead(t *testing.T) leadData {
	t.Helper()
	var d leadData
	if e.Name != "lead" || json.Unmarshal([]byte(e.Data), &d) != nil {
		t.Fatalf("event %+v", e)
	}
	return d
}

func TestLive(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		t.Run("NoSessionGets401AndNoStream", func(t *testing.T) {
			s, _, _ := staffSite(t, dialect, nil)
			resp := s.Get("/app/live", "Accept", "text/event-stream")
			doc := apptest.Doc(t, resp)
			if resp.StatusCode != http.StatusUnauthorized || strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
				t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !strings.Contains(doc.Find("h1").Text(), "ign in") && !strings.Contains(doc.Text(), "Sign in to see changes") {
				t.Fatalf("page says %q", doc.Find("main").Text())
			}
			if strings.Contains(s.Logs.String(), `"level":"ERROR"`) {
				t.Fatal("a 401 logged an ERROR")
			}
		})
		t.Run("TellsChangesAndWhoMadeThem", func(t *testing.T) { liveChanges(t, dialect) })
		t.Run("EndsAtSignOutWithoutTellingMore", func(t *testing.T) { liveSignOut(t, dialect) })
		t.Run("EndsWhenTheSessionTimesOut", func(t *testing.T) { liveTimeout(t, dialect) })
		t.Run("ReconnectAfterAMissedChangeIsToldToRefresh", func(t *testing.T) { liveCatchUp(t, dialect) })
	})
}

// TestLiveShutdown: an open stream does not hold the graceful shutdown up; the server's
// shutdown alone ends it (the serve command also closes the hub at the signal).
func TestLiveShutdown(t *testing.T) {
	w := newWorkspace(t, "sqlite")
	st := openLive(t, w.s.Listen(), w.c, "")
	if err := w.s.Fiber.ShutdownWithTimeout(10 * time.Second); err != nil {
		t.Fatalf("shutdown with a stream open: %v", err)
	}
	st.ended(t)
}

// liveWorkspace is a workspace whose three leads the hub has relayed already: on
// PostgreSQL changes are announced after their commits, from the notifier's goroutine,
// and a stream opened before that would receive them. A probe subscribed with the
// hub's last id sees each relay as it happens.
func liveWorkspace(t *testing.T, dialect string) *workspace {
	t.Helper()
	w := newWorkspace(t, dialect)
	sub, last, _ := w.s.Live.Hub.Subscribe()
	defer sub.Close()
	bound := time.After(20 * time.Second) // bounds a hang; measures nothing
	for !strings.HasSuffix(last, ".3") {
		select {
		case m, ok := <-sub.C:
			if !ok {
				t.Fatal("the hub dropped the probe")
			}
			last = m.ID
		case <-bound:
			t.Fatalf("the hub relayed up to %q, not the workspace's three leads", last)
		}
	}
	return w
}

func liveChanges(t *testing.T, dialect string) {
	w := liveWorkspace(t, dialect)
	st := openLive(t, w.s.Listen(), w.c, "")
	if n := openStreamsGauge(t, w.s); n != 1 {
		t.Errorf("leadline_live_open_streams = %v, want 1", n)
	}
	l := seedLead(t, w.s, "Grace Hopper", "grace@example.com", "Navy", "")
	if d := st.next(t).lead(t); d.Event != "lead.created" || d.ID != l.ID || d.Version != 1 {
		t.Fatalf("created: %+v", d)
	}
	if _, err := w.s.Store.UpdateLead(context.Background(), l.ID, 1, w.other.ID, func(l *models.Lead) { l.Status = models.StatusContacted }); err != nil {
		t.Fatal(err)
	}
	e := st.next(t)
	if d := e.lead(t); d.Event != "lead.updated" || d.ID != l.ID || d.Version != 2 || d.By != "Ada Admin" || e.ID == "" {
		t.Fatalf("updated: %+v (id %q)", d, e.ID)
	}
	if strings.Contains(e.Data, "grace@example.com") || strings.Contains(e.Data, "Grace") {
		t.Fatalf("an event carries lead data: %s", e.Data)
	}
	if err := w.s.Store.DeleteLead(context.Background(), l.ID); err != nil {
		t.Fatal(err)
	}
	if d := st.next(t).lead(t); d.Event != "lead.deleted" || d.ID != l.ID {
		t.Fatalf("deleted: %+v", d)
	}
}

// openStreamsGauge reads the open-streams gauge from the site's metrics.
func openStreamsGauge(t *testing.T, s *apptest.Site) float64 {
	t.Helper()
	families, err := s.Metrics.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == "leadline_live_open_streams" {
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatal("no leadline_live_open_streams")
	return 0
}

func liveSignOut(t *testing.T, dialect string) {
	w := newWorkspace(t, dialect)
	st := openLive(t, w.s.Listen(), w.c, "")
	if resp := w.c.PostForm("/logout", url.Values{"_csrf": {w.c.CSRF()}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	seedLead(t, w.s, "After Hours", "late@example.com", "", "") // checked before it is sent
	st.ended(t)
}

func liveTimeout(t *testing.T, dialect string) {
	w := newWorkspace(t, dialect)
	st := openLive(t, w.s.Listen(), w.c, "")
	// Idle longer than LEADLINE_SESSION_IDLE: the stream's own re-check ends it.
	w.s.Clock.Advance(w.s.Config.SessionIdle + handlers.LiveRecheck)
	st.ended(t)
}

func liveCatchUp(t *testing.T, dialect string) {
	w := liveWorkspace(t, dialect)
	base := w.s.Listen()
	// The probe sees each change reach the hub (on PostgreSQL that is after the
	// NOTIFY's round trip), so the test knows what a reconnect could have missed.
	probe, _, _ := w.s.Live.Hub.Subscribe()
	defer probe.Close()
	st := openLive(t, base, w.c, "")
	seedLead(t, w.s, "First", "first@example.com", "", "")
	seen := st.next(t)
	<-probe.C
	st.resp.Body.Close()
	seedLead(t, w.s, "Missed", "missed@example.com", "", "")
	last := <-probe.C

	again := openLive(t, base, w.c, seen.ID)
	if d := again.next(t).lead(t); d.Event != "refresh" {
		t.Fatalf("after a missed change: %+v, want refresh", d)
	}
	// A page rendered before the change names the last one it had seen in since=, so
	// a change between its render and its stream's start is not missed either.
	fresh := apptest.Doc(t, w.c.Get("/app/leads"))
	if src, _ := fresh.Find("#live").Attr("sse-connect"); src != paths.LiveSince(last.ID) {
		t.Fatalf("the page's stream %q, want %q", src, paths.LiveSince(last.ID))
	}
	old := openLive(t, base, w.c, "", paths.LiveSince(seen.ID))
	if d := old.next(t).lead(t); d.Event != "refresh" {
		t.Fatalf("a page rendered before a change: %+v, want refresh", d)
	}
	// Up to date: nothing to catch up on, the next event is the next change.
	third := openLive(t, base, w.c, last.ID)
	l := seedLead(t, w.s, "Next", "next@example.com", "", "")
	if d := third.next(t).lead(t); d.Event != "lead.created" || d.ID != l.ID {
		t.Fatalf("up to date: %+v", d)
	}
}

// TestLiveAcrossInstances: a change on one instance reaches a stream on another through
// PostgreSQL's LISTEN/NOTIFY.
func TestLiveAcrossInstances(t *testing.T) {
	db := testdb.New(t, "postgres")
	a := apptest.NewOn(t, db, nil)
	b := apptest.NewOn(t, db, nil)
	a.AddUser(t, staffEmail, "Sam Staff", models.RoleStaff, goodPass)
	c := b.Client(t)
	c.Login(staffEmail, goodPass)
	st := openLive(t, b.Listen(), c, "")
	l := seedLead(t, a, "Grace Hopper", "grace@example.com", "", "")
	if d := st.next(t).lead(t); d.Event != "lead.created" || d.ID != l.ID {
		t.Fatalf("on instance B: %+v", d)
	}
}
