package jobs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/internal/jobs"
	"github.com/leadline/leadline/internal/mailtest"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestQueueMetrics: the site's registry reports the queue by kind and state, and each
// failed attempt, so that mail stuck behind an outage shows on a dashboard.
func TestQueueMetrics(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		srv := mailtest.Start(t)
		srv.Refuse(2)
		s := apptest.New(t, dialect, mailEnv(srv))
		post(t, s, lead())
		// Not started yet: the email waits in the queue.
		if got := gauge(t, s, jobs.KindLeadCreatedMail, "available"); got != 1 {
			t.Errorf("queued emails before the engine starts: %v, want 1", got)
		}
		s.StartJobs()
		srv.WaitFor(t, 1, waitMail, func() { s.Clock.Advance(time.Minute) })
		waitUntil(t, "the job is completed", func() bool { return jobCount(t, s, jobs.KindLeadCreatedMail, "completed") == 1 }, nil)
		if got := gauge(t, s, jobs.KindLeadCreatedMail, "completed"); got != 1 {
			t.Errorf("completed emails: %v, want 1", got)
		}
		want := `
# HELP leadline_job_failures_total Failed attempts of background jobs (each is retried until it runs out of attempts), by kind.
# TYPE leadline_job_failures_total counter
leadline_job_failures_total{kind="mail_lead_created"} 2
`
		if err := testutil.GatherAndCompare(s.Metrics.Registry(), strings.NewReader(want), "leadline_job_failures_total"); err != nil {
			t.Error(err)
		}
	})
}

// gauge reads leadline_jobs{kind,state} from the site's registry; 0 when absent.
func gauge(t *testing.T, s *apptest.Site, kind, state string) float64 {
	t.Helper()
	mfs, err := s.Metrics.Registry().Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "leadline_jobs" {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["kind"] == kind && labels["state"] == state {
				return m.GetGauge().GetValue()
			}
		}
	}
	return 0
}
