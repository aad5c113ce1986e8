package store

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// searchExpr is the text search runs over; leads_search_idx (PostgreSQL) and leads_fts
// (SQLite) index the same expression.
const searchExpr = `lower(leads.name || ' ' || leads.email || ' ' || leads.company || ' ' || leads.message)`

// ftsMinRunes is the shortest search SQLite's trigram index can serve: a shorter one
// has no trigram. It walks the order first like any search (one or two characters are
// in most leads, so the walk finds the page), and is a scan of every lead's text only
// when the walk does not.
const ftsMinRunes = 3

// where adds the filter's conditions. now is in the site's time zone, which decides
// what "due" (today or earlier) means.
func (s *Store) where(q *gorm.DB, f models.LeadFilter, now time.Time) *gorm.DB {
	if f.Query != "" {
		if s.searchIndexed(f) {
			// The trigram index finds the candidates without reading every lead; the
			// LIKE below keeps the scan's meaning exactly on the few it reads.
			q = q.Where("leads.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)", ftsPhrase(strings.ToLower(f.Query)))
		}
		q = q.Where(searchLike(f.Query))
	}
	return whereFilters(q, f, now)
}

// searchIndexed says whether f's search can read SQLite's trigram index.
func (s *Store) searchIndexed(f models.LeadFilter) bool {
	return s.dialect == SQLite && utf8.RuneCountInString(strings.ToLower(f.Query)) >= ftsMinRunes
}

// searchLike is the search's meaning: the lowered text holds the lowered query, % and
// _ as themselves.
func searchLike(query string) clause.Expr {
	return gorm.Expr(searchExpr+` LIKE ? ESCAPE '\'`, "%"+escapeLike(strings.ToLower(query))+"%")
}

// whereFilters adds the filter's conditions but its search.
func whereFilters(q *gorm.DB, f models.LeadFilter, now time.Time) *gorm.DB {
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

// ftsPhrase is an FTS5 query for s as one phrase: its trigrams in a row, which is s as a
// substring. Within the quotes every character but the quote is literal (% and _
// included); a quote is doubled.
func ftsPhrase(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// escapeLike makes % and _ (and the escape character) match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
