package metrics

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// WatchPgxPool reports the statistics of a pgx pool (package kv's, behind the sessions
// and rate limits) as leadline_pgxpool_* with the label pool set to name. stat is
// called at each scrape; a nil result reports nothing. It panics, as WatchSQL does,
// when name is watched already.
func (m *Metrics) WatchPgxPool(name string, stat func() *pgxpool.Stat) {
	m.reg.MustRegister(newPgxPoolCollector(name, stat))
}

type pgxPoolCollector struct {
	stat                                                    func() *pgxpool.Stat
	acquired, idle, constructing, total, max                *prometheus.Desc
	acquires, acquireSeconds, emptyAcquires, canceled, news *prometheus.Desc
}

func newPgxPoolCollector(name string, stat func() *pgxpool.Stat) *pgxPoolCollector {
	desc := func(metric, help string) *prometheus.Desc {
		return prometheus.NewDesc(prometheus.BuildFQName(Namespace, "pgxpool", metric), help, nil, prometheus.Labels{"pool": name})
	}
	return &pgxPoolCollector{
		stat:           stat,
		acquired:       desc("acquired_conns", "Connections in use."),
		idle:           desc("idle_conns", "Idle connections."),
		constructing:   desc("constructing_conns", "Connections being opened."),
		total:          desc("conns", "Open connections (acquired, idle and constructing)."),
		max:            desc("max_conns", "The most connections the pool opens."),
		acquires:       desc("acquires_total", "Connections handed out."),
		acquireSeconds: desc("acquire_seconds_total", "Time spent acquiring connections."),
		emptyAcquires:  desc("empty_acquires_total", "Acquires that had to wait because no connection was idle."),
		canceled:       desc("canceled_acquires_total", "Acquires given up because their context ended."),
		news:           desc("new_conns_total", "Connections opened."),
	}
}

func (p *pgxPoolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{p.acquired, p.idle, p.constructing, p.total, p.max,
		p.acquires, p.acquireSeconds, p.emptyAcquires, p.canceled, p.news} {
		ch <- d
	}
}

func (p *pgxPoolCollector) Collect(ch chan<- prometheus.Metric) {
	s := p.stat()
	if s == nil {
		return
	}
	gauge := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v)
	}
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(p.acquired, float64(s.AcquiredConns()))
	gauge(p.idle, float64(s.IdleConns()))
	gauge(p.constructing, float64(s.ConstructingConns()))
	gauge(p.total, float64(s.TotalConns()))
	gauge(p.max, float64(s.MaxConns()))
	counter(p.acquires, float64(s.AcquireCount()))
	counter(p.acquireSeconds, s.AcquireDuration().Seconds())
	counter(p.emptyAcquires, float64(s.EmptyAcquireCount()))
	counter(p.canceled, float64(s.CanceledAcquireCount()))
	counter(p.news, float64(s.NewConnsCount()))
}
