package store

import (
	"context"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
)

// Stats counts leads by status and new leads per day over the last days (UTC).
func (s *Store) Stats(ctx context.Context, days int, now time.Time) (models.PipelineStats, error) {
	st := models.PipelineStats{ByStatus: map[models.Status]int64{}}
	var byStatus []struct {
		Status models.Status
		N      int64
	}
	if err := s.db.WithContext(ctx).Model(&models.Lead{}).Select("status, count(*) AS n").Group("status").Scan(&byStatus).Error; err != nil {
		return st, classify(fmt.Errorf("stats: %w", err))
	}
	for _, r := range byStatus {
		st.ByStatus[r.Status] = r.N
		st.Total += r.N
	}
	first := today(now).AddDate(0, 0, -(days - 1))
	day := "substr(created_at, 1, 10)" // SQLite keeps UTC times as text
	if s.dialect == Postgres {
		day = "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	var perDay []struct {
		Day string
		N   int64
	}
	err := s.db.WithContext(ctx).Model(&models.Lead{}).Select(day+" AS day, count(*) AS n").
		Where("created_at >= ?", first).Group("day").Scan(&perDay).Error
	if err != nil {
		return st, classify(fmt.Errorf("stats per day: %w", err))
	}
	counts := map[string]int64{}
	for _, r := range perDay {
		counts[r.Day] = r.N
	}
	for i := 0; i < days; i++ {
		d := first.AddDate(0, 0, i)
		st.PerDay = append(st.PerDay, models.DayCount{Day: d, Count: counts[d.Format(time.DateOnly)]})
	}
	return st, nil
}
