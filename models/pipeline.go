package models

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// LeadEdit is what staff may change on a lead through its form: the contact fields and
// the follow-up date ("" to clear, else yyyy-mm-dd).
type LeadEdit struct {
	LeadInput
	NextActionAt string
}

// Validate checks the contact fields and the date.
func (e LeadEdit) Validate() error {
	var v ValidationError
	e.LeadInput.validateInto(&v)
	if _, err := ParseDate(e.NextActionAt); err != nil {
		v.Add("next_action_at", "Enter the follow-up date as a date, like 2026-12-01")
	}
	return v.Err()
}

// Apply writes the edit onto l (validate first).
func (e LeadEdit) Apply(l *Lead) {
	l.Name, l.Email, l.Company, l.Phone, l.Message = e.Name, e.Email, e.Company, e.Phone, e.Message
	l.NextActionAt, _ = ParseDate(e.NextActionAt)
}

// ParseDate reads yyyy-mm-dd as midnight UTC; "" is no date.
func ParseDate(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		return nil, errors.New("not a date")
	}
	return &t, nil
}

// FormatDate writes a date as yyyy-mm-dd, or "".
func FormatDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// Today is the calendar day of now in now's own location (the site's time zone, as
// the callers pass it), as midnight UTC: the form in which follow-up dates are stored,
// so the two compare as days.
func Today(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// IsDue reports whether the follow-up date is today or past, today being the day of now
// in now's location (the site's time zone).
func (l *Lead) IsDue(now time.Time) bool {
	return l.NextActionAt != nil && !l.NextActionAt.After(Today(now))
}

// FieldChange is one changed field of a lead, values as text (the owner as a user id).
type FieldChange struct {
	Field, Old, New string
}

// Changes lists the fields that differ between two versions of a lead, in the order
// of the form.
func Changes(old, new *Lead) []FieldChange {
	var out []FieldChange
	add := func(field, a, b string) {
		if a != b {
			out = append(out, FieldChange{Field: field, Old: a, New: b})
		}
	}
	add("name", old.Name, new.Name)
	add("email", old.Email, new.Email)
	add("company", old.Company, new.Company)
	add("phone", old.Phone, new.Phone)
	add("message", old.Message, new.Message)
	add("status", string(old.Status), string(new.Status))
	add("owner", idText(old.OwnerID), idText(new.OwnerID))
	add("next_action_at", FormatDate(old.NextActionAt), FormatDate(new.NextActionAt))
	return out
}

func idText(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

// ConflictError is an edit made on a stale version. Current is the lead as saved now;
// Since are the history entries the editor had not seen, newest first.
type ConflictError struct {
	Current *Lead
	Since   []LeadEvent
}

func (e *ConflictError) Error() string { return "the lead changed since it was read" }

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Note is a staff note on a lead.
type Note struct {
	ID        int64 `gorm:"primaryKey"`
	LeadID    int64 `gorm:"not null"`
	UserID    *int64
	Body      string `gorm:"not null"`
	CreatedAt time.Time
	// AuthorName is read with the note.
	AuthorName string `gorm:"->;-:migration"`
}

// TableName is the notes table.
func (Note) TableName() string { return "lead_notes" }

// MaxNote is the longest note, in characters.
const MaxNote = 5000

// ValidateNote checks a note's text.
func ValidateNote(body string) error {
	var v ValidationError
	switch {
	case strings.TrimSpace(body) == "":
		v.Add("body", "Write something in the note")
	default:
		if msg := checkText("Note", body, MaxNote, true); msg != "" {
			v.Add("body", msg)
		}
	}
	return v.Err()
}

// LeadEvent is one entry of a lead's history.
type LeadEvent struct {
	ID       int64 `gorm:"primaryKey"`
	LeadID   int64 `gorm:"not null"`
	UserID   *int64
	Field    string `gorm:"not null"`
	OldValue string `gorm:"not null"`
	NewValue string `gorm:"not null"`
	// Version is the lead's version after the change.
	Version   int `gorm:"not null"`
	CreatedAt time.Time
	// UserName is read with the event.
	UserName string `gorm:"->;-:migration"`
}

// TableName is the history table.
func (LeadEvent) TableName() string { return "lead_events" }

// PipelineStats is what the dashboard shows.
type PipelineStats struct {
	Total    int64
	ByStatus map[Status]int64
	// PerDay counts new leads per day in the site's time zone, oldest first, one entry
	// per day; each Day is that date at midnight UTC.
	PerDay []DayCount
}

// DayCount is the number of leads created on a day.
type DayCount struct {
	Day   time.Time
	Count int64
}
