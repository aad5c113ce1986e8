package store

import "context"

// ExecForTest runs raw SQL, for benchmarks that seed data in bulk. It is compiled
// only into tests.
func (s *Store) ExecForTest(ctx context.Context, sql string) error {
	return s.db.WithContext(ctx).Exec(sql).Error
}

// CountByStatusForTest counts the leads per status the plain way, with a scan of the
// table, for tests that check the counts kept in lead_counts.
func (s *Store) CountByStatusForTest(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := s.db.WithContext(ctx).Raw("SELECT status, count(*) AS n FROM leads GROUP BY status").Scan(&rows).Error
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, err
}
