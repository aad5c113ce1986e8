package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/leadline/leadline/models"
)

// RateHitSQL counts one hit on key $1 at time $2 in a window of $3 seconds, in the
// rate_counters table every instance shares: a hit after the window has ended starts
// a new one. Package kv's counter runs it alone; CreateLeadCounted runs it inside the
// lead insert.
const RateHitSQL = `
INSERT INTO rate_counters (k, n, reset_at) VALUES ($1, 1, $2::timestamptz + make_interval(secs => $3))
ON CONFLICT (k) DO UPDATE SET
    n = CASE WHEN rate_counters.reset_at <= $2 THEN 1 ELSE rate_counters.n + 1 END,
    reset_at = CASE WHEN rate_counters.reset_at <= $2 THEN $2::timestamptz + make_interval(secs => $3)
               ELSE rate_counters.reset_at END
RETURNING n, reset_at`

// insertLeadCounted is the landing form's post in one statement: the rate limit's hit
// ($1 to $3), then the lead ($5 on) only when the count is within the limit ($4). The
// casts name the types that INSERT … SELECT cannot infer from its target.
var insertLeadCounted = `WITH hit AS (` + RateHitSQL + `
), stored AS (
    INSERT INTO leads (name, email, company, phone, message, status, utm_source, utm_medium, utm_campaign,
        referrer, landing_path, form_key, owner_id, created_by, next_action_at, consent_text, consent_at,
        version, created_at, updated_at)
    SELECT ` + leadParams(5) + ` FROM hit WHERE hit.n <= $4
    ON CONFLICT (form_key) DO NOTHING RETURNING id
)
SELECT hit.n, hit.reset_at, (SELECT id FROM stored) FROM hit`

// leadParams lists the insert's 20 parameters from $first, typed as the columns are.
func leadParams(first int) string {
	types := []string{"text", "text", "text", "text", "text", "text", "text", "text", "text",
		"text", "text", "text", "bigint", "bigint", "date", "text", "timestamptz", "integer", "timestamptz", "timestamptz"}
	params := make([]string, len(types))
	for i, t := range types {
		params[i] = fmt.Sprintf("$%d::%s", first+i, t)
	}
	return strings.Join(params, ", ")
}

// CanCountLeadPosts reports whether CreateLeadCounted can count the rate limit in the
// insert: on PostgreSQL, where the limits' counters share the leads' database. (The
// embedded SQLite counts in process memory.)
func (s *Store) CanCountLeadPosts() bool { return s.dialect == Postgres }

// CreateLeadCounted counts hit against its rate limit and, when the count is within
// the limit, stores l, in one statement: one round trip for the landing form's post
// instead of two. created is false when the limit refused (count.N > hit.Max) or when
// l's form key was stored already. With a change hook that wants the new lead, the
// statement and the hook run in one transaction.
func (s *Store) CreateLeadCounted(ctx context.Context, l *models.Lead, hit models.RateHit) (created bool, count models.RateCount, err error) {
	if s.dialect != Postgres {
		return false, count, fmt.Errorf("create lead counted: %w", models.ErrUnavailable)
	}
	stampNew(l)
	if !s.wanted(ctx, models.LeadCreated{Lead: l}) {
		created, count, err = s.insertCounted(ctx, s.sql, l, hit)
		if created {
			s.committed(models.LeadCreated{Lead: l})
		}
		return created, count, err
	}
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, count, classify(fmt.Errorf("create lead: %w", err))
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	created, count, err = s.insertCounted(ctx, tx, l, hit)
	if err != nil {
		return false, count, err
	}
	if created {
		if err := s.inTx(ctx, tx, models.LeadCreated{Lead: l}); err != nil {
			return false, count, classify(fmt.Errorf("create lead: after insert: %w", err))
		}
	}
	// Commit even when nothing was stored: the hit counts.
	if err := tx.Commit(); err != nil {
		return false, count, classify(fmt.Errorf("create lead: commit: %w", err))
	}
	if created {
		s.committed(models.LeadCreated{Lead: l})
	}
	return created, count, nil
}

func (s *Store) insertCounted(ctx context.Context, q queryRower, l *models.Lead, hit models.RateHit) (bool, models.RateCount, error) {
	var count models.RateCount
	var id sql.NullInt64
	err := q.QueryRowContext(ctx, insertLeadCounted, hit.Key, hit.Now.UTC(), hit.Window.Seconds(), hit.Max,
		l.Name, l.Email, l.Company, l.Phone, l.Message, l.Status, l.UTMSource, l.UTMMedium, l.UTMCampaign,
		l.Referrer, l.LandingPath, l.FormKey, l.OwnerID, l.CreatedBy, l.NextActionAt, l.ConsentText, utcOrNil(l.ConsentAt), l.Version,
		l.CreatedAt.UTC(), l.UpdatedAt.UTC()).Scan(&count.N, &count.Reset, &id)
	if err != nil {
		return false, count, classify(fmt.Errorf("create lead: %w", err))
	}
	l.ID = id.Int64
	return id.Valid, count, nil
}

// stampNew sets a new lead's times and version where the caller left them unset.
func stampNew(l *models.Lead) {
	now := time.Now().UTC()
	if l.CreatedAt.IsZero() {
		l.CreatedAt = now
	}
	if l.UpdatedAt.IsZero() {
		l.UpdatedAt = l.CreatedAt
	}
	if l.Version == 0 {
		l.Version = 1
	}
}
