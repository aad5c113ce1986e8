// Package models holds Leadline's domain types, their validation and the domain errors.
// It knows nothing of HTTP or SQL: the landing form, the workspace and the API all
// validate through it.
package models

import (
	"errors"
	"fmt"
	"strings"
)

// Domain errors. The store wraps its causes in these; handlers map them to statuses.
var (
	// ErrNotFound means the record does not exist (or is not visible to the caller).
	ErrNotFound = errors.New("not found")
	// ErrConflict means the record changed since the caller read it.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable means the database could not be reached or answered in time; the
	// request may succeed when retried.
	ErrUnavailable = errors.New("service unavailable")
	// ErrInvalid means the input cannot be accepted as given. Every *ValidationError
	// unwraps to it, so errors.Is(err, ErrInvalid) tells a 422 from other failures.
	ErrInvalid = errors.New("invalid input")
	// ErrForbidden means the record exists but belongs to someone else, who alone may
	// change it (another user's saved view).
	ErrForbidden = errors.New("forbidden")
	// ErrLastAdmin means a change would leave no active admin, and then nobody could
	// manage the staff accounts.
	ErrLastAdmin = errors.New("the last active admin cannot be demoted or deactivated")
	// ErrErased means the lead's personal data was erased: it can no longer be edited.
	// It is a conflict (409): the lead is not what the caller thought it was.
	ErrErased = fmt.Errorf("the lead's personal data was erased: %w", ErrConflict)
)

// ValidationError maps a field name to a message a person can act on.
type ValidationError struct {
	Fields map[string]string
	// Order lists the fields in the order they appear on the form, so an error summary
	// reads top to bottom.
	Order []string
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Order))
	for _, f := range e.Order {
		parts = append(parts, f+": "+e.Fields[f])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Add records a message for field unless it already has one (the first problem wins).
func (e *ValidationError) Add(field, message string) {
	if e.Fields == nil {
		e.Fields = make(map[string]string)
	}
	if _, ok := e.Fields[field]; ok {
		return
	}
	e.Fields[field] = message
	e.Order = append(e.Order, field)
}

// Err returns e when it holds any message, else nil, so that Validate can end with it.
func (e *ValidationError) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}
