package store

import (
	"strings"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// searchExpr is the text search runs over; leads_search_idx indexes the same expression.
const searchExpr = `lower(leads.name || ' ' || leads.email || ' ' || leads.company || ' ' || leads.message)`

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
