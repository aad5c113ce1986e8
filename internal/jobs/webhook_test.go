package jobs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/webhook"
	"github.com/leadline/leadline/models"
)

// receiver is a webhook receiver on a loopback port that records what it gets and
// answers 500 to the first fail requests (or every request while down).
type receiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []received
	fail int
	down bool
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, fail int) *receiver {
	r := &receiver{fail: fail}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.got = append(r.got, received{req.Header.Clone(), body})
		if r.down || r.fail > 0 {
			r.fail--
			http.Error(w, "not now", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

func (r *receiver) setDown(down bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.down = down
}

// hookSite is a site that allows private webhook addresses (the receiver is on
// loopback), with its jobs started.
func hookSite(t *testing.T, dialect string, env map[string]string) *apptest.Site {
	vars := map[string]string{"LEADLINE_WEBHOOK_ALLOW_PRIVATE": "true", "LEADLINE_BASE_URL": "https://leads.example.com"}
	for k, v := range env {
		vars[k] = v
	}
	s := apptest.New(t, dialect, vars)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs: %s", s.Logs.String())
		}
	})
	s.StartJobs()
	return s
}

// addHook stores an endpoint at url for events.
func addHook(t *testing.T, s *apptest.Site, url string, format models.WebhookFormat, events ...string) *models.Webhook {
	t.Helper()
	w := &models.Webhook{URL: url, Events: events, Format: format, Secret: webhook.NewSecret(), Active: true}
	if err := s.Store.CreateWebhook(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	return w
}

// waitRequests waits until the receiver has n requests, moving the clock a minute
// between looks so that retries come due.
func waitRequests(t *testing.T, s *apptest.Site, r *receiver, n int) []received {
	t.Helper()
	waitUntil(t, fmt.Sprintf("%d requests", n), func() bool { return len(r.requests()) >= n }, func() { s.Clock.Advance(time.Minute) })
	return r.requests()
}

// deliveries reads the endpoint's log, oldest first.
func deliveries(t *testing.T, s *apptest.Site, id int64) []models.WebhookDelivery {
	t.Helper()
	list, err := s.Store.Deliveries(context.Background(), id, 100)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(list)
	return list
}

func TestWebhookDelivered(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		s := hookSite(t, dialect, nil)
		r := newReceiver(t, 0)
		hook := addHook(t, s, r.URL+"/hooks", models.FormatJSON, models.EventLeadCreated)
		post(t, s, lead())
		id := newestLeadID(t, s)
		got := waitRequests(t, s, r, 1)[0]
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindWebhook, "completed") == 1 }, nil)

		if err := webhook.Verify(hook.Secret, got.header.Get("Leadline-Signature"), got.body, s.Clock.Now(), webhook.Tolerance); err != nil {
			t.Fatalf("signature %q: %v", got.header.Get("Leadline-Signature"), err)
		}
		if got.header.Get("Leadline-Event") != "lead.created" || got.header.Get("Content-Type") != "application/json" || got.header.Get("Leadline-Delivery") == "" {
			t.Errorf("headers %v", got.header)
		}
		var p struct {
			ID         string         `json:"id"`
			Event      string         `json:"event"`
			OccurredAt time.Time      `json:"occurred_at"`
			LeadID     int64          `json:"lead_id"`
			Lead       map[string]any `json:"lead"`
		}
		if err := json.Unmarshal(got.body, &p); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.ID, "evt_") || p.Event != "lead.created" || p.LeadID != id || p.OccurredAt.IsZero() ||
			p.Lead["name"] != "Ada Lovelace" || p.Lead["email"] != "ada@example.com" || p.Lead["status"] != "new" || p.Lead["utm_source"] != "newsletter" {
			t.Errorf("payload %s", got.body)
		}
		log := deliveries(t, s, hook.ID)
		if len(log) != 1 || log[0].StatusCode != 204 || log[0].Error != "" || log[0].Attempt != 1 || log[0].EventID != p.ID || log[0].LeadID != id {
			t.Errorf("log %+v", log)
		}
		if n := len(r.requests()); n != 1 {
			t.Errorf("%d requests for one event", n)
		}
	})
}

// TestWebhookRetried: the receiver fails the first attempt; River retries when the
// clock reaches the backoff, with the same delivery and event ids, and the log shows both.
func TestWebhookRetried(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		s := hookSite(t, dialect, nil)
		r := newReceiver(t, 1)
		hook := addHook(t, s, r.URL, models.FormatJSON, models.EventLeadCreated)
		post(t, s, lead())
		got := waitRequests(t, s, r, 2)
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindWebhook, "completed") == 1 }, nil)
		if len(r.requests()) != 2 {
			t.Fatalf("%d requests", len(r.requests()))
		}
		if got[0].header.Get("Leadline-Delivery") != got[1].header.Get("Leadline-Delivery") {
			t.Errorf("delivery ids differ: %v %v", got[0].header, got[1].header)
		}
		if err := webhook.Verify(hook.Secret, got[1].header.Get("Leadline-Signature"), got[1].body, s.Clock.Now(), webhook.Tolerance); err != nil {
			t.Errorf("retry's signature: %v", err)
		}
		log := deliveries(t, s, hook.ID)
		if len(log) != 2 || log[0].StatusCode != 500 || log[0].Error != "the receiver answered 500 Internal Server Error" || log[0].Attempt != 1 ||
			log[1].StatusCode != 204 || log[1].Error != "" || log[1].Attempt != 2 || log[0].EventID != log[1].EventID {
			t.Fatalf("log %+v", log)
		}
	})
}

// TestWebhookEndpointDeleted: an endpoint deleted while its delivery waits for a retry
// gets nothing more.
func TestWebhookEndpointDeleted(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		s := hookSite(t, dialect, nil)
		r := newReceiver(t, 0)
		r.setDown(true)
		hook := addHook(t, s, r.URL, models.FormatJSON, models.EventLeadCreated)
		post(t, s, lead())
		waitUntil(t, "the first attempt failed", func() bool { return jobCount(t, s, jobs.KindWebhook, "retryable") == 1 }, nil)
		if err := s.Store.DeleteWebhook(context.Background(), hook.ID); err != nil {
			t.Fatal(err)
		}
		r.setDown(false)
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindWebhook, "completed") == 1 },
			func() { s.Clock.Advance(time.Minute) })
		if n := len(r.requests()); n != 1 {
			t.Fatalf("%d requests; the deleted endpoint was called again", n)
		}
	})
}
