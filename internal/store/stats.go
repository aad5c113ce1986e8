package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// Stats counts leads by status and new leads per day over the last days, the days
// being those of now's location (the site's time zone).
func (s *Store) Stats(ctx context.Context, days int, now time.Time) (models.PipelineStats, error) {
	st := models.PipelineStats{ByStatus: map[models.Status]int64{}}
	byStatus, err := s.statusCounts(s.db.WithContext(ctx))
	if err != nil {
		return st, classify(fmt.Errorf("stats: %w", err))
	}
	for status, n := range byStatus {
		st.ByStatus[status] = n
		st.Total += n
	}
	loc := now.Location()
	first := models.Today(now).AddDate(0, 0, -(days - 1))
	since := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc)
	counts, err := s.countPerDay(ctx, since, loc)
	if err != nil {
		return st, classify(fmt.Errorf("stats per day: %w", err))
	}
	for i := 0; i < days; i++ {
		d := first.AddDate(0, 0, i)
		st.PerDay = append(st.PerDay, models.DayCount{Day: d, Count: counts[d.Format(time.DateOnly)]})
	}
	return st, nil
}

// countPerDay counts the leads created since, per day (yyyy-mm-dd) in loc. The
// database counts per quarter of an hour in UTC (every zone's offset is a whole number
// of quarters; SQLite knows no zones, and PostgreSQL may not know the process's Local)
// and Go puts each quarter on its day in loc: at most 96 rows a day, each a quarter's
// start in Unix seconds and its count, read row by row (through gorm's Scan and
// time.Parse, the month's 2,900 rows cost three times their query).
func (s *Store) countPerDay(ctx context.Context, since time.Time, loc *time.Location) (map[string]int64, error) {
	var q *gorm.DB
	if s.dialect == Postgres {
		// The triggers of migration 009 keep the counts per quarter in lead_quarters:
		// at a million leads, a month of them is too many to count on each view.
		q = s.db.WithContext(ctx).Raw(`SELECT extract(epoch FROM bucket)::bigint AS bucket, sum(n) AS n
			FROM lead_quarters WHERE bucket >= ? GROUP BY bucket`, since.UTC())
	} else {
		// SQLite keeps UTC times as text: "2006-01-02 15:04:05…". At its scale (a
		// hundred thousand leads) a month of them is quick to count on the index.
		bucket := "CAST(strftime('%s', substr(created_at, 1, 14) || printf('%02d', CAST(substr(created_at, 15, 2) AS INTEGER) / 15 * 15)) AS INTEGER)"
		q = s.db.WithContext(ctx).Model(&models.Lead{}).Select(bucket+" AS bucket, count(*) AS n").
			Where("created_at >= ?", since.UTC()).Group("bucket")
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := make(map[string]int64, 32)
	for rows.Next() {
		var start, n int64
		if err := rows.Scan(&start, &n); err != nil {
			return nil, err
		}
		counts[time.Unix(start, 0).In(loc).Format(time.DateOnly)] += n
	}
	return counts, rows.Err()
}
