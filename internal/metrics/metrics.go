// Package metrics counts what an operator of Leadline watches: requests by route and
// status and their latency, leads stored and refused, failed sign-ins, the database
// pools, the Go runtime and the process.
//
// Everything lives in one Registry of Leadline's own, never Prometheus's global default:
// app.New builds it and passes it to whatever records into it, and other parts (the
// job queue, for its depth and failures) add their collectors with Register. It is
// served at /metrics on a listen address of its own (LEADLINE_METRICS_ADDR, see Listen),
// never on the public port.
package metrics

import (
	"database/sql"
	"fmt"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every Leadline metric: leadline_http_requests_total and so on.
// Collectors added with Register should use it too.
const Namespace = "leadline"

// Refusal is why the lead form stored nothing. The values are the reason label of
// leadline_leads_refused_total.
type Refusal string

// The reasons a lead is refused.
const (
	// RefusedInvalid: the form failed validation (422).
	RefusedInvalid Refusal = "invalid"
	// RefusedSpam: the honeypot was filled; the visitor saw a success.
	RefusedSpam Refusal = "spam"
	// RefusedRateLimit: more posts from one client than the limit allows (429).
	RefusedRateLimit Refusal = "rate_limit"
	// RefusedUnavailable: the database or the rate limit's counter did not answer (503).
	RefusedUnavailable Refusal = "unavailable"
)

var refusals = []Refusal{RefusedInvalid, RefusedSpam, RefusedRateLimit, RefusedUnavailable}

// SignInFailure is why a sign-in failed. The values are the reason label of
// leadline_signin_failures_total.
type SignInFailure string

// The reasons a sign-in fails.
const (
	// SignInBadCredentials: an unknown email, a wrong password or a deactivated account
	// (one answer for all three, and one count).
	SignInBadCredentials SignInFailure = "bad_credentials"
	// SignInThrottled: too many failures for the account or the client address (429).
	SignInThrottled SignInFailure = "throttled"
)

var signInFailures = []SignInFailure{SignInBadCredentials, SignInThrottled}

// Metrics is the registry and the instruments Leadline records into. Its methods are
// safe for concurrent use, and those that record do nothing on a nil *Metrics, so a
// part built without metrics (a unit test) needs no stand-in.
type Metrics struct {
	reg *prometheus.Registry

	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	leadsCreated   prometheus.Counter
	leadsRefused   *prometheus.CounterVec
	signInFailures *prometheus.CounterVec

	routes   routeLabels
	seriesOf sync.Map // seriesKey → *series
}

// latencyBuckets are the bounds of the request latency histogram, in seconds: the
// landing page answers in well under a millisecond, a search over many leads in tens.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New builds the registry with the Go runtime and process collectors and Leadline's
// own instruments. Every label value a counter can take starts at zero, so that a rate
// over it exists before the first event.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests answered, by route pattern (never the raw path), method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: latencyBuckets,
		}, []string{"route", "method"}),
		leadsCreated: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "leads", Name: "created_total",
			Help: "Leads stored from the landing form (a replayed form counts once).",
		}),
		leadsRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "leads", Name: "refused_total",
			Help: "Posts of the landing form that stored nothing, by reason.",
		}, []string{"reason"}),
		signInFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "signin", Name: "failures_total",
			Help: "Failed sign-ins, by reason.",
		}, []string{"reason"}),
	}
	for _, r := range refusals {
		m.leadsRefused.WithLabelValues(string(r))
	}
	for _, r := range signInFailures {
		m.signInFailures.WithLabelValues(string(r))
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.leadsCreated, m.leadsRefused, m.signInFailures,
	)
	return m
}

// Register adds collectors to the registry: the job queue's gauges, for example. It
// fails when a collector's metrics clash with ones already registered.
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}
	return nil
}

// Handler serves the registry in Prometheus's text format (or OpenMetrics when the
// scraper asks). A collector that fails is reported in the answer; the rest still is.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// WatchSQL reports the statistics of a database/sql pool (open, in use and idle
// connections, waits for one) as go_sql_* with db_name set to name. Like
// prometheus.MustRegister it panics when name is watched already: a fixed name
// registered twice is a mistake in the code that every start would show.
func (m *Metrics) WatchSQL(name string, db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// LeadCreated counts a lead stored from the landing form.
func (m *Metrics) LeadCreated() {
	if m != nil {
		m.leadsCreated.Inc()
	}
}

// LeadRefused counts a post of the landing form that stored nothing.
func (m *Metrics) LeadRefused(r Refusal) {
	if m != nil {
		m.leadsRefused.WithLabelValues(string(r)).Inc()
	}
}

// SignInFailed counts a failed sign-in.
func (m *Metrics) SignInFailed(r SignInFailure) {
	if m != nil {
		m.signInFailures.WithLabelValues(string(r)).Inc()
	}
}
