// Package live tells open workspace pages of changes to leads as they happen: a hub per
// instance fans each change out to the open event streams, fed after commit in process
// (SQLite) or by PostgreSQL's LISTEN/NOTIFY across every instance on one database.
package live

import (
	"encoding/json"
	"fmt"

	"github.com/leadline/leadline/models"
)

// Refresh is the name of the event that tells a page to fetch its leads again: it may
// have missed changes (a reconnect, a lost database connection).
const Refresh = "refresh"

// Event is one change as the streams tell it: which lead, at which version, and who
// made it. It carries no lead data: a page that wants to show the change fetches it
// through the usual, session-checked routes.
type Event struct {
	Name    string `json:"e"`
	LeadID  int64  `json:"id,omitempty"`
	Version int    `json:"v,omitempty"`
	// By is the user who made the change (0 for a visitor's form); ByName is filled by
	// the relay on each instance, so a NOTIFY payload stays small.
	By     int64  `json:"by,omitempty"`
	ByName string `json:"-"`
}

// FromModel is the live event of a store event; ok is false for events the streams do
// not tell.
func FromModel(e models.Event) (ev Event, ok bool) {
	switch e := e.(type) {
	case models.LeadCreated:
		return Event{Name: e.EventName(), LeadID: e.Lead.ID, Version: e.Lead.Version}, true
	case models.LeadUpdated:
		return Event{Name: e.EventName(), LeadID: e.Lead.ID, Version: e.Lead.Version, By: e.By}, true
	case models.LeadDeleted:
		return Event{Name: e.EventName(), LeadID: e.LeadID}, true
	case models.LeadErased:
		// The page refreshes what it shows: the erased lead's row loses its name.
		return Event{Name: e.EventName(), LeadID: e.LeadID}, true
	}
	// LeadAssigned comes beside the LeadUpdated of the same edit: one event is enough.
	return Event{}, false
}

// payload is the event as a NOTIFY carries it: well under PostgreSQL's 8000 bytes.
func (e Event) payload() (string, error) {
	b, err := json.Marshal(e)
	return string(b), err
}

// parsePayload reads a NOTIFY payload.
func parsePayload(s string) (Event, error) {
	var e Event
	if err := json.Unmarshal([]byte(s), &e); err != nil || e.Name == "" {
		return Event{}, fmt.Errorf("live: bad payload %q: %v", s, err)
	}
	return e, nil
}

// Data is the event as a stream sends it to a page, JSON on one line.
func (e Event) Data() []byte {
	b, _ := json.Marshal(struct {
		Event   string `json:"event"`
		LeadID  int64  `json:"id,omitempty"`
		Version int    `json:"version,omitempty"`
		By      string `json:"by,omitempty"`
		ByID    int64  `json:"by_id,omitempty"`
	}{e.Name, e.LeadID, e.Version, e.ByName, e.By})
	return b
}
