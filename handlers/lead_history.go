package handlers

import (
	"strconv"
	"time"

	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// eventValue shows a recorded value: owners by name, statuses by label, nothing as "—".
func eventValue(field, v string, names people) string {
	if v == "" {
		return "—"
	}
	switch field {
	case "owner":
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return v
		}
		return names.name(&id)
	case "status":
		return models.Status(v).Label()
	}
	return v
}

// byRetention reports whether the event is an erasure by the retention sweep.
func byRetention(e models.LeadEvent) bool {
	return e.Field == models.FieldErased && e.UserID == nil && e.NewValue == models.ActorRetention
}

// eventWho names who made a change: the user, or the retention rule for its erasures.
func eventWho(e models.LeadEvent) string {
	if byRetention(e) {
		return "The retention rule"
	}
	return e.UserName
}

// erasedNotice says who erased the lead's personal data and when, from its history
// (newest first); "" for a lead not erased.
func erasedNotice(l *models.Lead, events []models.LeadEvent, loc *time.Location) string {
	if !l.Erased() {
		return ""
	}
	for _, e := range events {
		if e.Field == models.FieldErased {
			who := views.Person(e.UserName)
			if byRetention(e) {
				who = "the retention rule"
			}
			return "Personal data erased by " + who + " at " + timeText(e.CreatedAt, loc) + "."
		}
	}
	return "Personal data erased at " + timeText(*l.ErasedAt, loc) + "."
}

// history builds the timeline, newest first, ending with the lead's creation.
// Times are in loc, the reader's zone.
func history(l *models.Lead, events []models.LeadEvent, names people, loc *time.Location) []views.EventView {
	out := make([]views.EventView, 0, len(events)+1)
	for _, e := range events {
		out = append(out, views.EventView{
			Who: eventWho(e), Field: e.Field, Erased: e.Field == models.FieldErased,
			Old: eventValue(e.Field, e.OldValue, names), New: eventValue(e.Field, e.NewValue, names),
			When: timeText(e.CreatedAt, loc), WhenISO: e.CreatedAt.UTC().Format(time.RFC3339),
		})
	}
	created := views.EventView{Created: true, FromLandingForm: l.CreatedBy == nil, When: timeText(l.CreatedAt, loc), WhenISO: l.CreatedAt.UTC().Format(time.RFC3339)}
	if l.CreatedBy != nil {
		created.Who = names[*l.CreatedBy]
	}
	return append(out, created)
}
