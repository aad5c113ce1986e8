package jobs_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/leadline/leadline/internal/testdb"
)

// each runs fn on every database, in parallel.
func each(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) { t.Parallel(); fn(t, d) })
	}
}

// mailEnv are the settings of a site that mails the team through srv.
func mailEnv(srv *mailtest.Server) map[string]string {
	return map[string]string{
		"LEADLINE_SMTP_URL":  srv.URL() + "?from=leads@example.com",
		"LEADLINE_NOTIFY_TO": "team@example.com",
		"LEADLINE_BASE_URL":  "https://leads.example.com",
	}
}

var formKeys atomic.Int64

// formKey is a new valid one-time key of the landing form.
func formKey() string { return fmt.Sprintf("k%021d", formKeys.Add(1)) }

// lead is a landing-form post; kv replaces fields.
func lead(kv ...string) url.Values {
	v := url.Values{
		"name": {"Ada Lovelace"}, "email": {"ada@example.com"}, "company": {"Analytical Engines Ltd"},
		"phone": {"+44 20 7946 0958"}, "message": {"We need 40 seats.\nCan you call on Monday?"},
		"utm_source": {"newsletter"}, "utm_medium": {"email"}, "utm_campaign": {"autumn"},
		"referrer": {"https://news.example.org/"}, "landing_path": {"/?utm_source=newsletter"},
		"form_key": {formKey()}, "website": {""},
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// post sends the landing form as htmx does and fails unless the visitor got a thank-you.
func post(t *testing.T, s *apptest.Site, form url.Values) {
	t.Helper()
	resp := s.PostForm("/leads", form, "HX-Request", "true")
	body := apptest.Body(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Thank") {
		t.Fatalf("post: %d %s\nlogs: %s", resp.StatusCode, body, s.Logs.String())
	}
}

// jobCount counts River's jobs of kind in one of states (any state when none).
func jobCount(t *testing.T, s *apptest.Site, kind string, states ...string) int {
	t.Helper()
	q := "SELECT count(*) FROM river_job WHERE kind = '" + kind + "'"
	if len(states) > 0 {
		q += " AND state IN ('" + strings.Join(states, "','") + "')"
	}
	var n int
	if err := s.Store.SQLDB().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("count jobs: %v", err)
	}
	return n
}

// waitUntil polls cond every 20 ms, calling tick between looks, and fails after 20 s.
func waitUntil(t *testing.T, what string, cond func() bool, tick func()) {
	t.Helper()
	deadline := time.NewTimer(20 * time.Second)
	defer deadline.Stop()
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatalf("timed out waiting until %s", what)
		case <-poll.C:
			if tick != nil {
				tick()
			}
		}
	}
}

// leadID reads the id of the newest lead.
func newestLeadID(t *testing.T, s *apptest.Site) int64 {
	t.Helper()
	ls, err := s.Store.RecentLeads(context.Background(), 1)
	if err != nil || len(ls) != 1 {
		t.Fatalf("newest lead: %v %v", ls, err)
	}
	return ls[0].ID
}
