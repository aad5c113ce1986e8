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

// history builds the timeline, newest first, ending with the lead's creation.
func history(l *models.Lead, events []models.LeadEvent, names people) []views.EventView {
	out := make([]views.EventView, 0, len(events)+1)
	for _, e := range events {
		out = append(out, views.EventView{
			Who: e.UserName, Field: e.Field,
			Old: eventValue(e.Field, e.OldValue, names), New: eventValue(e.Field, e.NewValue, names),
			When: timeText(e.CreatedAt), WhenISO: e.CreatedAt.UTC().Format(time.RFC3339),
		})
	}
	created := views.EventView{Created: true, FromLandingForm: l.CreatedBy == nil, When: timeText(l.CreatedAt), WhenISO: l.CreatedAt.UTC().Format(time.RFC3339)}
	if l.CreatedBy != nil {
		created.Who = names[*l.CreatedBy]
	}
	return append(out, created)
}
