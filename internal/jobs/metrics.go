package jobs

import (
	"context"
	"database/sql"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// scrapeTimeout bounds the queue count a metrics scrape runs.
const scrapeTimeout = 2 * time.Second

// queueCollector reports how many jobs River holds, by kind and state (available,
// scheduled, running, retryable, discarded, completed until they are cleaned up),
// counted from River's table at each scrape: a queue that grows, or failed emails that
// pile up, show on a dashboard without anyone opening the admin page.
type queueCollector struct {
	db   *sql.DB
	jobs *prometheus.Desc
}

func newQueueCollector(db *sql.DB) *queueCollector {
	return &queueCollector{db: db, jobs: prometheus.NewDesc("leadline_jobs",
		"Background jobs in River's queue, by kind and state.", []string{"kind", "state"}, nil)}
}

func (q *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- q.jobs }

func (q *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	rows, err := q.db.QueryContext(ctx, `SELECT kind, state, count(*) FROM river_job GROUP BY kind, state`)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(q.jobs, err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var kind, state string
		var n float64
		if err := rows.Scan(&kind, &state, &n); err != nil {
			ch <- prometheus.NewInvalidMetric(q.jobs, err)
			return
		}
		ch <- prometheus.MustNewConstMetric(q.jobs, prometheus.GaugeValue, n, kind, state)
	}
	if err := rows.Err(); err != nil {
		ch <- prometheus.NewInvalidMetric(q.jobs, err)
	}
}

// Collectors are the engine's metrics, for the site's registry: the queue by kind and
// state, and the failed attempts by kind.
func (e *Engine) Collectors() []prometheus.Collector {
	return []prometheus.Collector{newQueueCollector(e.db), e.failures}
}
