package models

// Event is a change to the data that work outside the request may follow: an email
// now, a webhook later. The store hands each event to its change hook inside the
// transaction of the change, so that whatever the hook records (a job) commits or
// rolls back with it.
type Event interface {
	// EventName is the event's name as webhooks will send it, such as "lead.created".
	EventName() string
}

// LeadCreated is a lead stored for the first time: from the landing form, by hand or
// through the API. A repeated form key stores nothing and raises no event.
type LeadCreated struct {
	Lead *Lead
}

// LeadUpdated is a saved edit of a lead. By is the user who made it; Changes lists
// what changed, as the history records it.
type LeadUpdated struct {
	Lead    *Lead
	By      int64
	Changes []FieldChange
}

// LeadAssigned is a change of a lead's owner. By is the user who made it; From and To
// are the old and new owners (nil for nobody). It comes beside the LeadUpdated of the
// same edit.
type LeadAssigned struct {
	Lead     *Lead
	By       int64
	From, To *int64
}

// LeadDeleted is a lead removed with its notes and history.
type LeadDeleted struct {
	LeadID int64
}

// EventName is "lead.created".
func (LeadCreated) EventName() string { return "lead.created" }

// EventName is "lead.updated".
func (LeadUpdated) EventName() string { return "lead.updated" }

// EventName is "lead.assigned".
func (LeadAssigned) EventName() string { return "lead.assigned" }

// EventName is "lead.deleted".
func (LeadDeleted) EventName() string { return "lead.deleted" }

// LeadErased is a lead whose personal data was erased. The hook removes what it queued
// for the lead (emails not yet sent), which would otherwise carry the lead on.
type LeadErased struct {
	LeadID int64
}

// EventName is "lead.erased".
func (LeadErased) EventName() string { return "lead.erased" }
