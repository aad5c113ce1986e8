package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/leadline/leadline/internal/store"
)

// Options say how many leads to make and how.
type Options struct {
	// N is how many leads to add.
	N int
	// Seed picks the leads; the same seed and N give the same leads.
	Seed uint64
	// Now and Days: leads are created at random moments in the Days before Now.
	Now  time.Time
	Days int
}

// sqliteBatch is how many rows one SQLite INSERT carries: 12 columns each stay under
// SQLite's 32,766 parameters. sqliteTx is how many rows one transaction commits.
const (
	sqliteBatch = 1000
	sqliteTx    = 50_000
)

// Leads adds opts.N leads to st, owned at random by the active users already there
// (a third by nobody), then refreshes the planner's statistics so that the next query
// plans for the new size.
func Leads(ctx context.Context, st *store.Store, opts Options) error {
	if opts.N < 0 || opts.Days < 1 {
		return errors.New("seed: N must be 0 or more and Days 1 or more")
	}
	owners, err := activeUsers(ctx, st.SQLDB())
	if err != nil {
		return err
	}
	g := newGenerator(opts, owners)
	if st.Dialect() == store.Postgres {
		err = copyPostgres(ctx, st.SQLDB(), g, opts.N)
	} else {
		err = insertSQLite(ctx, st.SQLDB(), g, opts.N)
	}
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	// VACUUM sets PostgreSQL's visibility map, which index-only scans need.
	analyze := "VACUUM ANALYZE leads"
	if st.Dialect() == store.SQLite {
		analyze = "ANALYZE"
	}
	if _, err := st.SQLDB().ExecContext(ctx, analyze); err != nil {
		return fmt.Errorf("seed: %s: %w", analyze, err)
	}
	return nil
}

func activeUsers(ctx context.Context, db *sql.DB) ([]int64, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM users WHERE active ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("seed: users: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("seed: users: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// copyPostgres streams the rows with COPY on one connection of the pool, in one
// transaction. Keeping a trigram index up to date row by row costs ten times the COPY
// itself, so the leads' secondary indexes are dropped first and built again after,
// from their own definitions; a failure rolls all of it back.
func copyPostgres(ctx context.Context, db *sql.DB, g *generator, n int) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		return pgx.BeginFunc(ctx, pc, func(tx pgx.Tx) error {
			// A million rows take longer than the pool's statement timeout.
			if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0; SET LOCAL maintenance_work_mem = '512MB'"); err != nil {
				return err
			}
			defs, err := dropIndexes(ctx, tx)
			if err != nil {
				return err
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"leads"}, columns, rowSource(g, n)); err != nil {
				return err
			}
			for _, def := range defs {
				if _, err := tx.Exec(ctx, def); err != nil {
					return fmt.Errorf("rebuild index: %w", err)
				}
			}
			return nil
		})
	})
}

// dropIndexes drops the leads' indexes that no constraint owns and returns the
// statements that create them again.
func dropIndexes(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
		FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
		WHERE i.indrelid = 'leads'::regclass AND c.oid IS NULL`)
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.Exec(ctx, "DROP INDEX "+name); err != nil {
			return nil, err
		}
	}
	return defs, nil
}

// rowSource yields n rows of g for COPY.
func rowSource(g *generator, n int) pgx.CopyFromSource {
	i := 0
	var r Row
	return pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		g.row(i, &r)
		return r.values(), nil
	})
}

// insertSQLite inserts the rows sqliteBatch at a time, sqliteTx to a transaction.
func insertSQLite(ctx context.Context, db *sql.DB, g *generator, n int) error {
	var r Row
	for done := 0; done < n; {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for end := min(n, done+sqliteTx); done < end; {
			k := min(sqliteBatch, end-done)
			args := make([]any, 0, k*len(columns))
			for j := 0; j < k; j++ {
				done++
				g.row(done, &r)
				args = append(args, r.values()...)
			}
			if _, err := tx.ExecContext(ctx, multiInsert(k), args...); err != nil {
				tx.Rollback() //nolint:errcheck // the insert's error is the one to report
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// multiInsert is an INSERT of k rows of columns.
func multiInsert(k int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	return "INSERT INTO leads (" + strings.Join(columns, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+", ", k), ", ")
}
