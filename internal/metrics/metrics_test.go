package metrics_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/metrics"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape is one answer of the metrics server, parsed.
type scrape map[string]*dto.MetricFamily

// serveMetrics serves the site's registry on a loopback port until the test ends.
func serveMetrics(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	ms, err := metrics.Listen("127.0.0.1:0", m)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ms.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := ms.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ms.Addr().String()
}

func scrapeAt(t *testing.T, base string) scrape {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: status %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	return mfs
}

// value is the value of the series of name with exactly these labels (a counter, a
// gauge, or a histogram's count).
func (s scrape) value(name string, labels map[string]string) (float64, bool) {
	mf, ok := s[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range mf.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, l := range m.GetLabel() {
			if v, ok := labels[l.GetName()]; !ok || v != l.GetValue() {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		case m.Untyped != nil:
			return m.GetUntyped().GetValue(), true
		}
	}
	return 0, false
}

func (s scrape) want(t *testing.T, name string, labels map[string]string, want float64) {
	t.Helper()
	got, ok := s.value(name, labels)
	if !ok {
		t.Errorf("no series %s%v", name, labels)
		return
	}
	if got != want {
		t.Errorf("%s%v = %v, want %v", name, labels, got, want)
	}
}

// series counts the series of every family whose name starts with prefix.
func (s scrape) series(prefix string) int {
	n := 0
	for name, mf := range s {
		if strings.HasPrefix(name, prefix) {
			n += len(mf.GetMetric())
		}
	}
	return n
}

func req(route, method, status string) map[string]string {
	return map[string]string{"route": route, "method": method, "status": status}
}

func validLead(email string) url.Values {
	return url.Values{"name": {"Ada"}, "email": {email}, "message": {"Hello"}}
}

func TestScrapeAfterRealRequests(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			site := apptest.New(t, dialect, nil)
			base := serveMetrics(t, site.Metrics)
			site.AddUser(t, "sam@example.com", "Sam", models.RoleStaff, "a long enough password")

			status := func(resp *http.Response, want int) {
				t.Helper()
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Fatalf("status %d, want %d", resp.StatusCode, want)
				}
			}
			status(site.Get("/"), http.StatusOK)
			status(site.PostForm("/leads", validLead("ada@example.com")), http.StatusSeeOther)
			status(site.PostForm("/leads", validLead("not an address")), http.StatusUnprocessableEntity)
			spam := validLead("bot@example.com")
			spam.Set("website", "http://spam.example")
			status(site.PostForm("/leads", spam), http.StatusSeeOther)
			for i := 4; i <= 10; i++ {
				status(site.PostForm("/leads", validLead(fmt.Sprintf("lead%d@example.com", i))), http.StatusSeeOther)
			}
			status(site.PostForm("/leads", validLead("eleventh@example.com")), http.StatusTooManyRequests)
			status(site.PostForm("/login", url.Values{"email": {"sam@example.com"}, "password": {"a wrong password!"}}), http.StatusUnauthorized)
			status(site.Get("/app/leads/42"), http.StatusSeeOther)
			status(site.Get("/wp-login.php"), http.StatusNotFound)
			status(site.Get("/.env"), http.StatusNotFound)
			status(site.PostForm("/", nil), http.StatusMethodNotAllowed)

			s := scrapeAt(t, base)
			const requests = "leadline_http_requests_total"
			s.want(t, requests, req("/", "GET", "200"), 1)
			s.want(t, requests, req("/leads", "POST", "303"), 9)
			s.want(t, requests, req("/leads", "POST", "422"), 1)
			s.want(t, requests, req("/leads", "POST", "429"), 1)
			s.want(t, requests, req("/login", "POST", "401"), 1)
			// Refused by the staff group's guard before any route: the group's prefix,
			// not /app/leads/42.
			s.want(t, requests, req("/app/*", "GET", "303"), 1)
			// Unknown paths and methods share one label, never the landing page's "/".
			s.want(t, requests, req(metrics.Unmatched, "GET", "404"), 2)
			s.want(t, requests, req(metrics.Unmatched, "POST", "405"), 1)
			if _, ok := s.value(requests, req("/", "GET", "404")); ok {
				t.Error("a 404 was counted as the landing page's")
			}
			s.want(t, "leadline_http_request_duration_seconds", map[string]string{"route": "/", "method": "GET"}, 1)
			s.want(t, "leadline_http_request_duration_seconds", map[string]string{"route": "/leads", "method": "POST"}, 11)

			s.want(t, "leadline_leads_created_total", nil, 8)
			s.want(t, "leadline_leads_refused_total", map[string]string{"reason": "invalid"}, 1)
			s.want(t, "leadline_leads_refused_total", map[string]string{"reason": "spam"}, 1)
			s.want(t, "leadline_leads_refused_total", map[string]string{"reason": "rate_limit"}, 1)
			s.want(t, "leadline_leads_refused_total", map[string]string{"reason": "unavailable"}, 0)
			s.want(t, "leadline_signin_failures_total", map[string]string{"reason": "bad_credentials"}, 1)
			s.want(t, "leadline_signin_failures_total", map[string]string{"reason": "throttled"}, 0)

			if _, ok := s.value("go_sql_max_open_connections", map[string]string{"db_name": "store"}); !ok {
				t.Error("no database pool statistics for the store")
			}
			if dialect == "postgres" {
				s.want(t, "leadline_pgxpool_max_conns", map[string]string{"pool": "kv"}, 8)
			}
			for _, name := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_resident_memory_bytes"} {
				if _, ok := s[name]; !ok {
					t.Errorf("no %s: the runtime and process collectors are missing", name)
				}
			}
		})
	}
}

// TestScannerAddsNoSeries asks for many paths that do not exist: the series count stays
// where one such request left it.
func TestScannerAddsNoSeries(t *testing.T) {
	site := apptest.New(t, "sqlite", nil)
	base := serveMetrics(t, site.Metrics)
	site.AddUser(t, "sam@example.com", "Sam", models.RoleStaff, "a long enough password")
	staff := site.Client(t)
	staff.Login("sam@example.com", "a long enough password")
	// One of each kind first: its series may appear; the next hundred must add none.
	scan := func(i int) {
		site.Get(fmt.Sprintf("/scan/%d/admin.php?x=%d", i, i)).Body.Close()
		site.Get(fmt.Sprintf("/app/leads/%d/nothing-here", i)).Body.Close()
		staff.Get(fmt.Sprintf("/app/leads/%d/nothing-here", i)).Body.Close()
		staff.Get(fmt.Sprintf("/app/leads/%d", 1000+i)).Body.Close()
	}
	scan(0)
	before := scrapeAt(t, base).series("leadline_http_")
	for i := 1; i <= 100; i++ {
		scan(i)
	}
	s := scrapeAt(t, base)
	if after := s.series("leadline_http_"); after != before {
		t.Errorf("series grew from %d to %d with unknown paths", before, after)
	}
	// A lead that does not exist is the route's own 404; a path no route has is unmatched.
	s.want(t, "leadline_http_requests_total", req("/app/leads/:id", "GET", "404"), 101)
	s.want(t, "leadline_http_requests_total", req(metrics.Unmatched, "GET", "404"), 202)
	s.want(t, "leadline_http_requests_total", req("/app/*", "GET", "303"), 101)
	for _, mf := range s {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "route" && (strings.Contains(l.GetValue(), "scan") || strings.Contains(l.GetValue(), "nothing")) {
					t.Fatalf("a raw path became a label: %q", l.GetValue())
				}
			}
		}
	}
}

// TestPublicPortHasNoMetrics: /metrics lives on its own address only.
func TestPublicPortHasNoMetrics(t *testing.T) {
	site := apptest.New(t, "sqlite", nil)
	resp := site.Get("/metrics")
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /metrics on the public app: %d, want 404", resp.StatusCode)
	}
	base := serveMetrics(t, site.Metrics)
	for _, path := range []string{"/", "/debug/pprof/"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("metrics server %s: %d, want 404", path, resp.StatusCode)
		}
	}
}

// TestRegister is how the job queue adds its gauges; a clash is an error, not a panic.
func TestRegister(t *testing.T) {
	m := metrics.New()
	depth := prometheusGauge("leadline_jobs_queued")
	if err := m.Register(depth); err != nil {
		t.Fatal(err)
	}
	if err := m.Register(prometheusGauge("leadline_jobs_queued")); err == nil {
		t.Error("a second collector of the same name was accepted")
	}
	base := serveMetrics(t, m)
	if _, ok := scrapeAt(t, base)["leadline_jobs_queued"]; !ok {
		t.Error("the registered gauge is not served")
	}
}

func TestNilMetricsCountsNothing(t *testing.T) {
	var m *metrics.Metrics
	m.LeadCreated()
	m.LeadRefused(metrics.RefusedSpam)
	m.SignInFailed(metrics.SignInThrottled)
}

func prometheusGauge(name string) prometheus.Gauge {
	return prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: "Jobs waiting."})
}
