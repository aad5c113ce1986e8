package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// leadColumns reads a lead with its owner's name and, for a repeat, the first earlier
// lead with the same email (case-insensitive; leads_email_lower_idx serves it).
const leadColumns = `leads.*, owners.name AS owner_name,
	(SELECT min(prev.id) FROM leads prev WHERE lower(prev.email) = lower(leads.email) AND prev.id < leads.id) AS repeat_of`

// searchExpr is the text search runs over; leads_search_idx indexes the same expression.
const searchExpr = `lower(leads.name || ' ' || leads.email || ' ' || leads.company || ' ' || leads.message)`

func (s *Store) leads(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Model(&models.Lead{}).
		Select(leadColumns).
		Joins("LEFT JOIN users owners ON owners.id = leads.owner_id")
}

// where adds the filter's conditions.
func where(q *gorm.DB, f models.LeadFilter, now time.Time) *gorm.DB {
	if f.Query != "" {
		q = q.Where(searchExpr+` LIKE ? ESCAPE '\'`, "%"+escapeLike(strings.ToLower(f.Query))+"%")
	}
	if f.Status != "" {
		q = q.Where("leads.status = ?", f.Status)
	}
	switch {
	case f.OwnerNone:
		q = q.Where("leads.owner_id IS NULL")
	case f.OwnerID != 0:
		q = q.Where("leads.owner_id = ?", f.OwnerID)
	}
	if f.Due {
		q = q.Where("leads.next_action_at IS NOT NULL AND leads.next_action_at <= ?", today(now))
	}
	return q
}

func order(q *gorm.DB, sort models.LeadSort) *gorm.DB {
	switch sort {
	case models.SortOldest:
		return q.Order("leads.created_at ASC, leads.id ASC")
	case models.SortName:
		return q.Order("lower(leads.name) ASC, leads.id ASC")
	case models.SortNameDesc:
		return q.Order("lower(leads.name) DESC, leads.id DESC")
	case models.SortStatus:
		return q.Order(`CASE leads.status WHEN 'new' THEN 1 WHEN 'contacted' THEN 2 WHEN 'qualified' THEN 3
			WHEN 'won' THEN 4 ELSE 5 END, leads.created_at DESC, leads.id DESC`)
	}
	return q.Order("leads.created_at DESC, leads.id DESC")
}

// escapeLike makes % and _ (and the escape character) match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// today is the start of the current UTC day.
func today(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ListLeads returns one page of the leads the filter selects, and how many it selects.
func (s *Store) ListLeads(ctx context.Context, f models.LeadFilter, now time.Time) ([]models.Lead, int64, error) {
	var total int64
	if err := where(s.db.WithContext(ctx).Model(&models.Lead{}), f, now).Count(&total).Error; err != nil {
		return nil, 0, classify(fmt.Errorf("count leads: %w", err))
	}
	var out []models.Lead
	if total > int64(f.Offset()) {
		err := order(where(s.leads(ctx), f, now), f.Sort).Limit(f.PerPage).Offset(f.Offset()).Find(&out).Error
		if err != nil {
			return nil, 0, classify(fmt.Errorf("list leads: %w", err))
		}
	}
	return out, total, nil
}

// EachLead calls fn for every lead the filter selects, in its order, reading them one
// at a time so that an export of any size takes little memory.
func (s *Store) EachLead(ctx context.Context, f models.LeadFilter, now time.Time, fn func(*models.Lead) error) error {
	rows, err := order(where(s.leads(ctx), f, now), f.Sort).Rows()
	if err != nil {
		return classify(fmt.Errorf("export leads: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
		var l models.Lead
		if err := s.db.ScanRows(rows, &l); err != nil {
			return classify(fmt.Errorf("export leads: %w", err))
		}
		if err := fn(&l); err != nil {
			return err
		}
	}
	return classify(rows.Err())
}

// Lead returns one lead with its owner's name and repeat link.
func (s *Store) Lead(ctx context.Context, id int64) (*models.Lead, error) {
	var l models.Lead
	if err := s.leads(ctx).Where("leads.id = ?", id).Take(&l).Error; err != nil {
		return nil, classify(fmt.Errorf("lead %d: %w", id, err))
	}
	return &l, nil
}

// DueLeads returns leads whose follow-up date has come, the longest waiting first.
func (s *Store) DueLeads(ctx context.Context, now time.Time, limit int) ([]models.Lead, error) {
	var out []models.Lead
	err := where(s.leads(ctx), models.LeadFilter{Due: true}, now).
		Order("leads.next_action_at ASC, leads.id ASC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("due leads: %w", err))
	}
	return out, nil
}

// UpdateLead changes a lead if it is still at version: edit mutates a copy, every
// changed field is recorded in the history under actor, and the version moves on. A
// stale version gets a *models.ConflictError with the lead as saved now; nothing is
// overwritten.
func (s *Store) UpdateLead(ctx context.Context, id int64, version int, actor int64, edit func(*models.Lead)) (*models.Lead, error) {
	var result *models.Lead
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cur models.Lead
		q := tx
		if s.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Where("id = ?", id).Take(&cur).Error; err != nil {
			return err
		}
		if cur.Version != version {
			return s.conflict(tx, &cur, version)
		}
		next := cur
		edit(&next)
		changes := models.Changes(&cur, &next)
		if len(changes) == 0 {
			result = &cur
			return nil
		}
		now := time.Now().UTC()
		res := tx.Model(&models.Lead{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"name": next.Name, "email": next.Email, "company": next.Company, "phone": next.Phone,
			"message": next.Message, "status": next.Status, "owner_id": next.OwnerID,
			"next_action_at": next.NextActionAt, "version": version + 1, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return s.conflict(tx, &cur, version)
		}
		events := make([]models.LeadEvent, 0, len(changes))
		for _, ch := range changes {
			events = append(events, models.LeadEvent{
				LeadID: id, UserID: &actor, Field: ch.Field, OldValue: ch.Old, NewValue: ch.New,
				Version: version + 1, CreatedAt: now,
			})
		}
		if err := tx.Omit("UserName").Create(&events).Error; err != nil {
			return err
		}
		next.Version, next.UpdatedAt = version+1, now
		result = &next
		return nil
	})
	var ce *models.ConflictError
	if errors.As(err, &ce) {
		return nil, err
	}
	if err != nil {
		return nil, classify(fmt.Errorf("update lead %d: %w", id, err))
	}
	// Re-read for the owner's name.
	return s.Lead(ctx, result.ID)
}

// conflict builds the error for an editor at version, with what they missed.
func (s *Store) conflict(tx *gorm.DB, cur *models.Lead, version int) error {
	var since []models.LeadEvent
	err := tx.Table("lead_events").Select("lead_events.*, users.name AS user_name").
		Joins("LEFT JOIN users ON users.id = lead_events.user_id").
		Where("lead_events.lead_id = ? AND lead_events.version > ?", cur.ID, version).
		Order("lead_events.id DESC").Find(&since).Error
	if err != nil {
		return err
	}
	return &models.ConflictError{Current: cur, Since: since}
}

// DeleteLead removes a lead with its notes and history.
func (s *Store) DeleteLead(ctx context.Context, id int64) error {
	res := s.db.WithContext(ctx).Delete(&models.Lead{}, id)
	if res.Error != nil {
		return classify(fmt.Errorf("delete lead %d: %w", id, res.Error))
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("lead %d: %w", id, models.ErrNotFound)
	}
	return nil
}

// AddNote stores a note on a lead.
func (s *Store) AddNote(ctx context.Context, n *models.Note) error {
	n.CreatedAt = time.Now().UTC()
	if err := s.db.WithContext(ctx).Omit("AuthorName").Create(n).Error; err != nil {
		if foreignKeyViolation(err) {
			return fmt.Errorf("lead %d: %w", n.LeadID, models.ErrNotFound)
		}
		return classify(fmt.Errorf("add note: %w", err))
	}
	return nil
}

// Notes returns a lead's notes, newest first.
func (s *Store) Notes(ctx context.Context, leadID int64) ([]models.Note, error) {
	var out []models.Note
	err := s.db.WithContext(ctx).Table("lead_notes").Select("lead_notes.*, users.name AS author_name").
		Joins("LEFT JOIN users ON users.id = lead_notes.user_id").
		Where("lead_notes.lead_id = ?", leadID).Order("lead_notes.id DESC").Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("notes of lead %d: %w", leadID, err))
	}
	return out, nil
}

// Events returns a lead's history, newest first.
func (s *Store) Events(ctx context.Context, leadID int64) ([]models.LeadEvent, error) {
	var out []models.LeadEvent
	err := s.db.WithContext(ctx).Table("lead_events").Select("lead_events.*, users.name AS user_name").
		Joins("LEFT JOIN users ON users.id = lead_events.user_id").
		Where("lead_events.lead_id = ?", leadID).Order("lead_events.id DESC").Find(&out).Error
	if err != nil {
		return nil, classify(fmt.Errorf("history of lead %d: %w", leadID, err))
	}
	return out, nil
}

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

func foreignKeyViolation(err error) bool {
	return strings.Contains(err.Error(), "23503") || strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}
