package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
)

// searchExpr is the text search runs over; leads_search_idx indexes the same expression.
const searchExpr = `lower(leads.name || ' ' || leads.email || ' ' || leads.company || ' ' || leads.message)`

// where adds the filter's conditions. now is in the site's time zone, which decides
// what "due" (today or earlier) means.
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
		q = q.Where("leads.next_action_at IS NOT NULL AND leads.next_action_at <= ?", models.Today(now))
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
		return q.Order(byStatus)
	}
	return q.Order("leads.created_at DESC, leads.id DESC")
}

// byStatus orders leads along the pipeline, newest first within a status. It is written
// out from models.Statuses() when the package loads and never changes.
var byStatus = statusRank("leads.status") + ", leads.created_at DESC, leads.id DESC"

// statusRank is SQL for models.Status.Rank of column; a value that is not a status sorts
// after every status.
func statusRank(column string) string {
	var b strings.Builder
	b.WriteString("CASE " + column)
	statuses := models.Statuses()
	for _, st := range statuses {
		fmt.Fprintf(&b, " WHEN %s THEN %d", quote(string(st)), st.Rank())
	}
	fmt.Fprintf(&b, " ELSE %d END", len(statuses)+1)
	return b.String()
}

// quote writes s as an SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// escapeLike makes % and _ (and the escape character) match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
