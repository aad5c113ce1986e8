package store

import "context"

// ExecForTest runs raw SQL, for benchmarks that seed data in bulk. It is compiled
// only into tests.
func (s *Store) ExecForTest(ctx context.Context, sql string) error {
	return s.db.WithContext(ctx).Exec(sql).Error
}
