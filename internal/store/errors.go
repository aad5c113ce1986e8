package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/leadline/leadline/models"
	"gorm.io/gorm"
	sqlite3 "modernc.org/sqlite/lib"
)

// classify turns driver errors into domain errors, so that handlers answer without
// knowing the driver: a missing row is models.ErrNotFound (404); an unreachable,
// restarting or overloaded database models.ErrUnavailable (503); a duplicate
// models.ErrConflict (409); a value the database refuses a *models.ValidationError
// (422). Callers that know better map unique and foreign-key failures themselves first
// (a taken email, a note on a deleted lead). The cause stays wrapped.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", models.ErrNotFound, err)
	}
	switch failureOf(err) {
	case failUnavailable:
		return fmt.Errorf("%w: %w", models.ErrUnavailable, err)
	case failUnique:
		return fmt.Errorf("%w: %w", models.ErrConflict, err)
	case failForeignKey, failCheck, failData:
		return refused(err)
	}
	return err
}

// refused is the error for a value the database would not store although validation
// let it through: the person can change it, so it answers 422 like any invalid input.
func refused(cause error) error {
	var v models.ValidationError
	v.Add("input", "Some of the values could not be stored. Check them and try again.")
	return fmt.Errorf("%w: %w", &v, cause)
}

// failure is what went wrong in the database, as its error code tells.
type failure int

const (
	failOther failure = iota
	// failUnique: a unique constraint or index refused a duplicate.
	failUnique
	// failForeignKey: a row refers to one that does not exist. Every foreign key here
	// cascades or sets null on delete, so only the referring side can violate one.
	failForeignKey
	// failCheck: a CHECK constraint refused a value.
	failCheck
	// failData: a value cannot be stored as given (bytes that are not UTF-8, a NUL, an
	// out-of-range number).
	failData
	// failUnavailable: the database cannot answer now; the same request may work later.
	failUnavailable
)

// PostgreSQL's SQLSTATE codes that Leadline tells apart (Appendix A of its manual).
const (
	pgUniqueViolation      = "23505"
	pgForeignKeyViolation  = "23503"
	pgCheckViolation       = "23514"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
	// Classes: the first two characters of a code.
	pgDataException        = "22" // 22021 bad byte sequence, 22P05 untranslatable …
	pgConnectionException  = "08"
	pgInsufficientResource = "53" // too many connections, out of memory or disk
	pgOperatorIntervention = "57" // shutdown, restart, statement timeout, cancel
)

// failureOf reads the driver's error code: pgconn.PgError's SQLSTATE on PostgreSQL,
// the SQLite result code on the embedded database. Error texts are never matched:
// they change with versions and locales.
func failureOf(err error) failure {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgFailure(pgErr.Code)
	}
	var liteErr *gosqlite.Error
	if errors.As(err, &liteErr) {
		return sqliteFailure(liteErr.Code())
	}
	if connectionLost(err) {
		return failUnavailable
	}
	return failOther
}

// pgFailure reads a SQLSTATE: an exact code first, then its class.
func pgFailure(code string) failure {
	switch code {
	case pgUniqueViolation:
		return failUnique
	case pgForeignKeyViolation:
		return failForeignKey
	case pgCheckViolation:
		return failCheck
	case pgSerializationFailure, pgDeadlockDetected:
		return failUnavailable // the transaction lost a race; running it again can work
	}
	if len(code) != 5 {
		return failOther
	}
	switch code[:2] {
	case pgDataException:
		return failData
	case pgConnectionException, pgInsufficientResource, pgOperatorIntervention:
		return failUnavailable
	}
	return failOther
}

// sqliteFailure reads an extended result code: the driver turns extended codes on, so
// a constraint names its kind, and the low byte is the primary code.
func sqliteFailure(code int) failure {
	switch code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return failUnique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return failForeignKey
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return failCheck
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		// Another writer held the lock past busy_timeout.
		return failUnavailable
	}
	return failOther
}

// connectionLost reports a database that could not be reached or went away mid-query:
// the pool's, the network's and pgconn's own typed errors.
func connectionLost(err error) bool {
	var connErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connErr), errors.As(err, &netErr),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone), errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		pgconn.SafeToRetry(err), pgconn.Timeout(err):
		return true
	}
	return false
}
