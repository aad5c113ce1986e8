package models

// Status is where a lead stands in the pipeline.
type Status string

// The pipeline, in order. Statuses() is the one list of them: the store's status sort is
// built from it, and tests hold the copies that SQL and CSS must spell out (the CHECK
// constraints of the migrations, the status colours in assets/src/app.css and views)
// to it, so a status added here fails those tests until every copy follows.
const (
	StatusNew       Status = "new"
	StatusContacted Status = "contacted"
	StatusQualified Status = "qualified"
	StatusWon       Status = "won"
	StatusLost      Status = "lost"
)

// Statuses lists every status in pipeline order. Each call returns a new slice, so a
// caller cannot change the pipeline for everyone else.
func Statuses() []Status {
	return []Status{StatusNew, StatusContacted, StatusQualified, StatusWon, StatusLost}
}

// Valid reports whether s is one of the pipeline's statuses.
func (s Status) Valid() bool { return s.Rank() != 0 }

// Rank is the status's place in the pipeline, from 1 for new, and 0 for a value that is
// not a status. The lead list's status sort orders by it.
func (s Status) Rank() int {
	for i, v := range Statuses() {
		if s == v {
			return i + 1
		}
	}
	return 0
}

// Label is the status as people read it: "New", "Contacted" … A value that is not a
// status (one a history entry kept from long ago) reads as it was stored.
func (s Status) Label() string {
	switch s {
	case StatusNew:
		return "New"
	case StatusContacted:
		return "Contacted"
	case StatusQualified:
		return "Qualified"
	case StatusWon:
		return "Won"
	case StatusLost:
		return "Lost"
	}
	return string(s)
}
