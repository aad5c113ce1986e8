package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// Column is one column of one table.
type Column struct{ Table, Name string }

func (c Column) String() string { return c.Table + "." + c.Name }

// Columns lists every column of every table of the test's database: the current
// schema's on PostgreSQL (information_schema), the file's on SQLite (sqlite_master and
// pragma table_info). Leadline's tables and River's alike, so a search over them
// finds a value wherever any code put it.
func Columns(tb testing.TB, db *sql.DB, dialect string) []Column {
	tb.Helper()
	ctx := context.Background()
	if dialect != "sqlite" {
		return scanColumns(tb, db, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	}
	var tables []string
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		tb.Fatalf("list tables: %v", err)
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			tb.Fatal(err)
		}
		tables = append(tables, t)
	}
	rows.Close()
	var out []Column
	for _, t := range tables {
		for _, c := range scanColumns(tb, db, `SELECT ?, name FROM pragma_table_info(?)`, t, t) {
			out = append(out, c)
		}
	}
	return out
}

func scanColumns(tb testing.TB, db *sql.DB, q string, args ...any) []Column {
	tb.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		tb.Fatalf("list columns: %v", err)
	}
	defer rows.Close()
	var out []Column
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Table, &c.Name); err != nil {
			tb.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// Find returns the columns in which any row holds value (as text, ignoring case), out
// of every column Columns lists: text, JSON, arrays and blobs are read as text.
func Find(tb testing.TB, db *sql.DB, dialect string, cols []Column, value string) []string {
	tb.Helper()
	var hits []string
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE lower(CAST(%q AS TEXT)) LIKE $1`, c.Table, c.Name)
		if dialect == "sqlite" {
			// River keeps JSON as SQLite's binary JSONB: read it back as JSON text too.
			q = fmt.Sprintf(`SELECT count(*) FROM %[1]q WHERE lower(CAST(%[2]q AS TEXT)) LIKE ?1
				OR (typeof(%[2]q) = 'blob' AND json_valid(%[2]q, 8) AND lower(json(%[2]q)) LIKE ?1)`, c.Table, c.Name)
		}
		var n int
		if err := db.QueryRowContext(context.Background(), q, "%"+strings.ToLower(value)+"%").Scan(&n); err != nil {
			tb.Fatalf("search %s: %v", c, err)
		}
		if n > 0 {
			hits = append(hits, c.String())
		}
	}
	return hits
}
