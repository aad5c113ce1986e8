package handlers

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/leadline/leadline/models"
)

// apiNote is a note on a lead.
type apiNote struct {
	ID         int64     `json:"id"`
	LeadID     int64     `json:"lead_id"`
	AuthorID   *int64    `json:"author_id" nullable:"true" doc:"Null once the author's account is gone"`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

func noteJSON(n *models.Note) apiNote {
	return apiNote{ID: n.ID, LeadID: n.LeadID, AuthorID: n.UserID, AuthorName: n.AuthorName, Body: n.Body, CreatedAt: n.CreatedAt.UTC()}
}

// apiHistoryEntry is one changed field in a lead's history.
type apiHistoryEntry struct {
	ID       int64  `json:"id"`
	Field    string `json:"field" doc:"name, email, company, phone, message, status, owner, next_action_at, or erased (the personal data was erased)"`
	OldValue string `json:"old_value" doc:"As text; the owner as a user id; empty for none"`
	NewValue string `json:"new_value"`
	Version  int    `json:"version" doc:"The lead's version after the change"`
	UserID   *int64 `json:"user_id" nullable:"true" doc:"Who made the change"`
	UserName string `json:"user_name"`
	// CreatedAt is when the change was made.
	CreatedAt time.Time `json:"created_at"`
}

func historyJSON(e *models.LeadEvent) apiHistoryEntry {
	return apiHistoryEntry{ID: e.ID, Field: e.Field, OldValue: e.OldValue, NewValue: e.NewValue, Version: e.Version,
		UserID: e.UserID, UserName: e.UserName, CreatedAt: e.CreatedAt.UTC()}
}

// optional is a field of a PATCH that may be absent (no change), null (none) or a value:
// Go's pointers cannot tell absent from null.
type optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON is called only for a field that is present, null included.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(b, []byte("null")) {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// Schema documents the field as its value's type, or null.
func (o optional[T]) Schema(r huma.Registry) *huma.Schema {
	s := *huma.SchemaFromType(r, reflect.TypeFor[T]())
	s.Nullable = true
	return &s
}

// invalidText names the fields of a JSON object whose strings carry bytes that are not
// UTF-8. Go's JSON decoder silently turns such bytes into U+FFFD, so the check reads
// the body as it was sent.
func invalidText(raw []byte) *models.ValidationError {
	ve := &models.ValidationError{}
	if utf8.Valid(raw) {
		return ve
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		ve.Add("body", "The body contains bytes that are not valid UTF-8 text")
		return ve
	}
	for name, value := range fields {
		if !utf8.Valid(value) {
			ve.Add(strings.ToValidUTF8(name, "\uFFFD"), "Contains characters that are not valid text")
		}
	}
	return ve
}
