package handlers_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/leadline/leadline/models"
	"github.com/valyala/fasthttp"
)

// The benchmarks drive the whole site (every middleware, the real templates, PostgreSQL)
// through Fiber's fasthttp handler directly: app.Test would add a pipe, a goroutine and
// an HTTP parse per request, which would be most of what is measured. The request comes
// from 0.0.0.0, as app.Test's does, and that address is the trusted proxy, so each
// request can name a client of its own in X-Forwarded-For and stay under the rate limit.

// benchSite is the site on PostgreSQL with 0.0.0.0 as its trusted proxy; env adds
// settings.
func benchSite(b *testing.B, env ...string) *apptest.Site {
	b.Helper()
	vars := map[string]string{"LEADLINE_TRUSTED_PROXIES": "0.0.0.0/32"}
	for i := 0; i+1 < len(env); i += 2 {
		vars[env[i]] = env[i+1]
	}
	return apptest.New(b, "postgres", vars)
}

// newCtx is a fasthttp request context as the server would make for a connection from
// 0.0.0.0, and the request it starts each iteration from.
func newCtx(method, uri string) (*fasthttp.RequestCtx, *fasthttp.Request) {
	req := &fasthttp.Request{}
	req.Header.SetMethod(method)
	req.SetRequestURI(uri)
	req.Header.SetHost("localhost:3000")
	ctx := &fasthttp.RequestCtx{}
	ctx.Init(req, &net.TCPAddr{IP: net.IPv4zero, Port: 40000}, nil)
	return ctx, req
}

// reset readies ctx for its next request as the server does between two requests on a
// connection: the request afresh from req (fasthttp caches parsed form values in it), a
// new response, and no user values (Fiber keeps the request's context there; a stale
// one would be the previous request's, already cancelled).
func reset(ctx *fasthttp.RequestCtx, req *fasthttp.Request) {
	req.CopyTo(&ctx.Request)
	ctx.Response.Reset()
	ctx.ResetUserValues()
}

// BenchmarkLanding renders GET / with a fresh form key, as a visitor without
// Accept-Encoding (wrk, curl) gets it.
func BenchmarkLanding(b *testing.B) {
	s := benchSite(b)
	handler := s.Fiber.Handler()
	ctx, req := newCtx(fasthttp.MethodGet, "/")
	b.ReportAllocs()
	var size int
	for b.Loop() {
		reset(ctx, req)
		handler(ctx)
		if code := ctx.Response.StatusCode(); code != fasthttp.StatusOK {
			b.Fatalf("status %d: %s\nlogs: %s", code, ctx.Response.Body(), s.Logs.String())
		}
		size = len(ctx.Response.Body())
	}
	b.ReportMetric(float64(size), "body-bytes")
}

// BenchmarkCreateLead posts a valid lead as the HTMX form does (200 and the thank-you
// fragment), each with a new one-time key and client address, so each stores a lead.
func BenchmarkCreateLead(b *testing.B) {
	benchmarkCreateLead(b, benchSite(b))
}

// BenchmarkCreateLeadNotify is BenchmarkCreateLead with notifications on: each post
// also inserts its email job in the lead's transaction, while River sends to a test
// SMTP server in the background.
func BenchmarkCreateLeadNotify(b *testing.B) {
	srv := mailtest.Start(b)
	s := benchSite(b, "LEADLINE_SMTP_URL", srv.URL(), "LEADLINE_NOTIFY_TO", "team@example.com")
	s.StartJobs()
	benchmarkCreateLead(b, s)
}

// BenchmarkCreateLeadWebhook is BenchmarkCreateLead with one webhook subscribed to
// lead.created: each post also looks up its endpoints and inserts a delivery job in the
// lead's transaction, while River delivers to a local receiver in the background.
func BenchmarkCreateLeadWebhook(b *testing.B) {
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	b.Cleanup(rcv.Close)
	s := benchSite(b, "LEADLINE_WEBHOOK_ALLOW_PRIVATE", "true")
	hook := &models.Webhook{URL: rcv.URL, Events: []string{models.EventLeadCreated}, Format: models.FormatJSON, Secret: "whsec_bench", Active: true}
	if err := s.Store.CreateWebhook(b.Context(), hook); err != nil {
		b.Fatal(err)
	}
	s.StartJobs()
	benchmarkCreateLead(b, s)
}

func benchmarkCreateLead(b *testing.B, s *apptest.Site) {
	handler := s.Fiber.Handler()
	ctx, req := newCtx(fasthttp.MethodPost, "/leads")
	req.Header.SetContentType("application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	form := validLead()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		// 22 chars of base64url, unique per iteration.
		form.Set("form_key", fmt.Sprintf("bench%017d", i))
		reset(ctx, req)
		ctx.Request.SetBodyString(form.Encode())
		ctx.Request.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
		handler(ctx)
		if code := ctx.Response.StatusCode(); code != fasthttp.StatusOK {
			b.Fatalf("post %d: status %d: %s\nlogs: %s", i, code, ctx.Response.Body(), s.Logs.String())
		}
	}
	b.StopTimer()
	n, err := s.Store.CountLeads(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	if n != int64(i) {
		b.Fatalf("%d posts stored %d leads", i, n)
	}
}

// BenchmarkCreateLeadParallel posts from 32 concurrent clients, as the load test does
// (wrk -c32), to show what the pool and any lock on the way make of concurrency. Run it
// with -mutexprofile to see where posts wait for each other.
func BenchmarkCreateLeadParallel(b *testing.B) {
	s := benchSite(b)
	handler := s.Fiber.Handler()
	var seq atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(16) // 16 x GOMAXPROCS goroutines; at least 32 on two CPUs
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx, req := newCtx(fasthttp.MethodPost, "/leads")
		req.Header.SetContentType("application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		form := validLead()
		for pb.Next() {
			i := seq.Add(1)
			form.Set("form_key", fmt.Sprintf("bpar%018d", i))
			reset(ctx, req)
			ctx.Request.SetBodyString(form.Encode())
			ctx.Request.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
			handler(ctx)
			if code := ctx.Response.StatusCode(); code != fasthttp.StatusOK {
				b.Errorf("post %d: status %d", i, code)
				return
			}
		}
	})
	b.StopTimer()
	n, err := s.Store.CountLeads(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	if n != seq.Load() {
		b.Fatalf("%d posts stored %d leads", seq.Load(), n)
	}
}
