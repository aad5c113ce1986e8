package models

import (
	"strings"
	"time"
)

// FieldErased is the history field of an erasure: its row says who erased the lead
// (UserID, or NewValue ActorRetention for the retention sweep) and when.
const FieldErased = "erased"

// ActorRetention names the retention sweep (LEADLINE_RETENTION) as the one who erased.
const ActorRetention = "retention"

// PersonalFields are the history fields whose values are the visitor's personal data:
// an erasure blanks their old and new values and keeps that they changed.
var PersonalFields = []string{"name", "email", "company", "phone", "message"}

// Erasure says who erases a lead's personal data: a user (By), or the retention sweep
// (By nil).
type Erasure struct {
	By *int64
	At time.Time
}

// Erased reports whether the lead's personal data was erased.
func (l *Lead) Erased() bool { return l.ErasedAt != nil }

// Export is everything stored about one email address: each lead with it, with the
// lead's notes, history and consent.
type Export struct {
	Email string
	Leads []ExportedLead
}

// ExportedLead is one lead of an Export.
type ExportedLead struct {
	Lead   Lead
	Notes  []Note
	Events []LeadEvent
}

// ParseTimeZone checks a user's time zone choice: "" (the site's zone) or an IANA name
// the zone database knows. "Local" is refused: it is the server's zone, not a place.
func ParseTimeZone(name string) (string, *time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || strings.EqualFold(name, "local") {
		var v ValidationError
		v.Add("time_zone", "Choose a time zone from the list")
		return "", nil, &v
	}
	return name, loc, nil
}
