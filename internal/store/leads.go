package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// insertLead is the lead insert, written out: it is the landing form's hot path, and
// GORM's reflection and statement building cost more than the database's work.
const insertLead = `INSERT INTO leads (name, email, company, phone, message, status, utm_source, utm_medium,
	utm_campaign, referrer, landing_path, form_key, owner_id, created_by, next_action_at, consent_text, consent_at,
	version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (form_key) DO NOTHING RETURNING id`

// CreateLead stores a lead. A lead whose FormKey is already stored is not stored again:
// created is then false and err nil, because the visitor's first post already counted.
// With a change hook, the insert and the hook's LeadCreated run in one transaction;
// without one, the insert is a single statement.
func (s *Store) CreateLead(ctx context.Context, l *models.Lead) (created bool, err error) {
	stampNew(l)
	if !s.wanted(ctx, models.LeadCreated{Lead: l}) {
		created, err := s.insertLeadRow(ctx, s.sql, l)
		if created {
			s.committed(models.LeadCreated{Lead: l})
		}
		return created, err
	}
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, classify(fmt.Errorf("create lead: %w", err))
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	created, err = s.insertLeadRow(ctx, tx, l)
	if err != nil || !created {
		return false, err
	}
	if err := s.inTx(ctx, tx, models.LeadCreated{Lead: l}); err != nil {
		return false, classify(fmt.Errorf("create lead: after insert: %w", err))
	}
	if err := tx.Commit(); err != nil {
		return false, classify(fmt.Errorf("create lead: commit: %w", err))
	}
	s.committed(models.LeadCreated{Lead: l})
	return true, nil
}

// queryRower is a pool or a transaction.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// insertLeadRow runs insertLead on q and sets l.ID; created is false when the form key
// is stored already.
func (s *Store) insertLeadRow(ctx context.Context, q queryRower, l *models.Lead) (created bool, err error) {
	err = q.QueryRowContext(ctx, s.insertLead, l.Name, l.Email, l.Company, l.Phone, l.Message, l.Status,
		l.UTMSource, l.UTMMedium, l.UTMCampaign, l.Referrer, l.LandingPath, l.FormKey, l.OwnerID, l.CreatedBy,
		l.NextActionAt, l.ConsentText, utcOrNil(l.ConsentAt), l.Version, l.CreatedAt.UTC(), l.UpdatedAt.UTC()).Scan(&l.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // the form key is stored already
	}
	if err != nil {
		return false, classify(fmt.Errorf("create lead: %w", err))
	}
	return true, nil
}

// leadColumns reads a lead with its owner's name and, for a repeat, the first earlier
// lead with the same email (case-insensitive; leads_email_lower_idx serves it). Erased
// leads have no email, and repeat nothing.
const leadColumns = `leads.*, owners.name AS owner_name,
	(SELECT min(prev.id) FROM leads prev WHERE lower(prev.email) = lower(leads.email) AND prev.id < leads.id
		AND leads.erased_at IS NULL) AS repeat_of`

// leads starts every query that returns whole leads, so that each carries its owner's
// name and repeat link the same way.
func (s *Store) leads(ctx context.Context) *gorm.DB { return leadsOn(s.db.WithContext(ctx)) }

// leadsOn is leads on db, a transaction's or the pool's.
func leadsOn(db *gorm.DB) *gorm.DB {
	return db.Model(&models.Lead{}).
		Select(leadColumns).
		Joins("LEFT JOIN users owners ON owners.id = leads.owner_id")
}

// Lead returns one lead with its owner's name and repeat link.
func (s *Store) Lead(ctx context.Context, id int64) (*models.Lead, error) {
	var l models.Lead
	if err := s.leads(ctx).Where("leads.id = ?", id).Take(&l).Error; err != nil {
		return nil, classify(fmt.Errorf("lead %d: %w", id, err))
	}
	return &l, nil
}

// EachLead calls fn for every lead the filter selects, in its order, reading them one
// at a time so that an export of any size takes little memory. The leads carry the
// columns an export writes (exportColumns) and nothing else: no owner's name, no
// repeat link, no consent. fn gets the same *Lead each time, refilled: it must not
// keep it. On PostgreSQL the read runs in a read-only transaction whose statement may
// take ExportTimeout rather than StatementTimeout. An error of fn stops the read and
// is returned as it is.
func (s *Store) EachLead(ctx context.Context, f models.LeadFilter, now time.Time, fn func(*models.Lead) error) error {
	// Cancelled when fn fails, before the rows close: closing them would otherwise read
	// the rest of the result, so that a client gone at the first row of a million would
	// keep the query running to the last. Cancelled, PostgreSQL stops it.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if s.dialect != Postgres {
		return s.eachLead(s.db.WithContext(ctx), f, now, fn, cancel)
	}
	timeout := cmp.Or(s.exportTimeout, ExportTimeout)
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// SET cannot take a parameter; the number is ours.
		if err := tx.Exec(fmt.Sprintf("SET LOCAL statement_timeout = %d", timeout.Milliseconds())).Error; err != nil {
			return classify(fmt.Errorf("export leads: %w", err))
		}
		return s.eachLead(tx, f, now, fn, cancel)
	}, &sql.TxOptions{ReadOnly: true})
}

// SetExportTimeout replaces ExportTimeout, for tests that make an export fail midway.
// Call it before the store is shared.
func (s *Store) SetExportTimeout(d time.Duration) { s.exportTimeout = d }

// exportColumns are the columns EachLead reads, in the order scanExported scans them.
// Not the owner's name (an export names owners from the users it has) nor the repeat
// link, whose subquery, once a row, would cost a million lookups at scale.
const exportColumns = "leads.id, leads.created_at, leads.name, leads.email, leads.company, leads.phone, " +
	"leads.status, leads.owner_id, leads.next_action_at, leads.utm_source, leads.utm_medium, " +
	"leads.utm_campaign, leads.referrer, leads.landing_path, leads.message"

// eachLead reads the leads into fn; when fn fails, cancel stops the query before the
// rows close.
func (s *Store) eachLead(db *gorm.DB, f models.LeadFilter, now time.Time, fn func(*models.Lead) error, cancel context.CancelFunc) error {
	rows, err := order(s.where(db.Model(&models.Lead{}).Select(exportColumns), f, now), f.Sort).Rows()
	if err != nil {
		return classify(fmt.Errorf("export leads: %w", err))
	}
	defer rows.Close()
	// Scanned by hand into one lead, not through gorm's ScanRows: its reflection, a
	// new lead and forty allocations a row were most of the export's time.
	var l models.Lead
	for rows.Next() {
		if err := scanExported(rows, &l); err != nil {
			return classify(fmt.Errorf("export leads: %w", err))
		}
		if err := fn(&l); err != nil {
			cancel()
			return err
		}
	}
	return classify(rows.Err())
}

// scanExported reads one row of exportColumns into l.
func scanExported(rows *sql.Rows, l *models.Lead) error {
	var (
		status string
		owner  sql.NullInt64
		next   sql.NullTime
	)
	err := rows.Scan(&l.ID, &l.CreatedAt, &l.Name, &l.Email, &l.Company, &l.Phone, &status, &owner, &next,
		&l.UTMSource, &l.UTMMedium, &l.UTMCampaign, &l.Referrer, &l.LandingPath, &l.Message)
	if err != nil {
		return err
	}
	l.Status, l.OwnerID, l.NextActionAt = models.Status(status), nil, nil
	if owner.Valid {
		l.OwnerID = &owner.Int64
	}
	if next.Valid {
		l.NextActionAt = &next.Time
	}
	return nil
}

// RecentLeads returns the newest leads first.
func (s *Store) RecentLeads(ctx context.Context, limit int) ([]models.Lead, error) {
	var out []models.Lead
	err := s.leads(ctx).Order("leads.created_at DESC, leads.id DESC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("recent leads: %w", err))
	}
	return out, nil
}

// DueLeads returns leads whose follow-up date has come, the longest waiting first.
func (s *Store) DueLeads(ctx context.Context, now time.Time, limit int) ([]models.Lead, error) {
	var out []models.Lead
	err := s.where(s.leads(ctx), models.LeadFilter{Due: true}, now).
		Order("leads.next_action_at ASC, leads.id ASC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("due leads: %w", err))
	}
	return out, nil
}

// CountLeads returns how many leads are stored.
func (s *Store) CountLeads(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.Lead{}).Count(&n).Error; err != nil {
		return 0, classify(fmt.Errorf("count leads: %w", err))
	}
	return n, nil
}

// utcOrNil is t in UTC, or nil: SQLite compares stored times as text, so every time
// goes in as UTC.
func utcOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}
