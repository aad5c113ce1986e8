package models

import (
	"strings"
	"time"
)

// MaxViewName is the longest name of a saved view, in characters: it has to fit the
// list's sidebar.
const MaxViewName = 60

// maxViewQuery bounds a saved filter; a real one is far shorter (the search is at most
// maxQuery characters).
const maxViewQuery = 2000

// SavedView is a named filter of the lead list, kept by a user and, when Shared, shown
// to the whole team.
type SavedView struct {
	ID     int64 `gorm:"primaryKey"`
	UserID int64 `gorm:"not null"`
	Name   string
	// Query is the filter as LeadFilter.Encode writes it, on its first page.
	Query     string
	Shared    bool
	CreatedAt time.Time
	UpdatedAt time.Time
	// OwnerName is read with the view.
	OwnerName string `gorm:"->;-:migration"`
}

// TableName is the saved views' table.
func (SavedView) TableName() string { return "saved_views" }

// NormalizeViewName trims the white space around a view's name.
func NormalizeViewName(name string) string { return strings.TrimSpace(name) }

// ValidateViewName checks a view's name: required, one line, at most MaxViewName.
func ValidateViewName(name string) error {
	var v ValidationError
	if name == "" {
		v.Add("name", "Enter a name for the view")
	} else if msg := checkText("Name", name, MaxViewName, false); msg != "" {
		v.Add("name", msg)
	}
	return v.Err()
}

// Validate checks the view's name and that its query is short.
func (sv SavedView) Validate() error {
	err := ValidateViewName(sv.Name)
	v := validationOf(err)
	if len(sv.Query) > maxViewQuery {
		v.Add("query", "These filters are too long to save")
	}
	return v.Err()
}

// ViewNameTaken is the refusal of a second view with the same name.
func ViewNameTaken(name string) error {
	var v ValidationError
	v.Add("name", "You already have a view called “"+name+"”. Choose another name.")
	return &v
}
