package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// fieldLabel names a field in the history and the conflict view.
func fieldLabel(field string) string {
	switch field {
	case "next_action_at":
		return "Follow-up date"
	case "":
		return ""
	}
	return strings.ToUpper(field[:1]) + field[1:]
}

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
		return statusLabel(models.Status(v))
	}
	return v
}

// history builds the timeline, newest first, ending with the lead's creation.
func history(l *models.Lead, events []models.LeadEvent, names people) []views.EventView {
	out := make([]views.EventView, 0, len(events)+1)
	for _, e := range events {
		who := e.UserName
		if who == "" {
			who = "A former user"
		}
		out = append(out, views.EventView{
			Who: who, Field: strings.ToLower(fieldLabel(e.Field)),
			Old: eventValue(e.Field, e.OldValue, names), New: eventValue(e.Field, e.NewValue, names),
			When: timeText(e.CreatedAt), WhenISO: e.CreatedAt.UTC().Format(time.RFC3339),
		})
	}
	who := "The landing form"
	if l.CreatedBy != nil {
		who = names.name(l.CreatedBy)
	}
	out = append(out, views.EventView{Who: who, Field: "created", When: timeText(l.CreatedAt), WhenISO: l.CreatedAt.UTC().Format(time.RFC3339)})
	return out
}
