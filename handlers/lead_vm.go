package handlers

import (
	"fmt"
	"strconv"
	"time"

	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// people maps user ids to names, for owners and history.
type people map[int64]string

// namesOf maps every user, deactivated ones included, to their name.
func namesOf(users []models.User) people {
	names := make(people, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names
}

// name is how the user with id reads in a cell or mid-sentence: "" for nobody, and
// "a former user" for an id no user has any more.
func (p people) name(id *int64) string {
	if id == nil {
		return ""
	}
	return views.Person(p[*id])
}

// dateText shows a calendar date (a follow-up date, stored as midnight UTC) the way
// people read it: a date is the same day in every zone.
func dateText(t time.Time) string { return t.UTC().Format("2 Jan 2006") }

// dayText shows the day a moment fell on in loc, the reader's zone.
func dayText(t time.Time, loc *time.Location) string { return t.In(loc).Format("2 Jan 2006") }

// timeText shows a moment in loc, the reader's zone, naming the zone.
func timeText(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006, 15:04 MST")
}

// statusOptions are the pipeline's statuses with current selected; withAny adds "Any status".
func statusOptions(current models.Status, withAny bool) []views.Option {
	var out []views.Option
	if withAny {
		out = append(out, views.Option{Value: "", Label: "Any status", Selected: current == ""})
	}
	for _, s := range models.Statuses() {
		out = append(out, views.Option{Value: string(s), Label: s.Label(), Selected: s == current})
	}
	return out
}

// ownerOptions are the active users a lead can be given to, current selected. A current
// owner who has since been deactivated stays in the list so the choice shows true.
func ownerOptions(users []models.User, current *int64) []views.Option {
	out := []views.Option{{Value: "", Label: "Nobody", Selected: current == nil}}
	for _, u := range users {
		sel := current != nil && *current == u.ID
		switch {
		case u.Active:
			out = append(out, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: sel})
		case sel:
			out = append(out, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (deactivated)", Selected: true})
		}
	}
	return out
}

// leadRow builds a lead's row; now is in the reader's zone, which its dates follow.
func leadRow(l *models.Lead, users []models.User, csrf string, now time.Time) views.LeadRow {
	r := views.LeadRow{
		ID:          l.ID,
		URL:         paths.Lead(l.ID),
		Name:        l.Name,
		Email:       l.Email,
		Company:     l.Company,
		Phone:       l.Phone,
		Status:      string(l.Status),
		StatusLabel: l.Status.Label(),
		OwnerName:   l.OwnerName,
		Created:     dayText(l.CreatedAt, now.Location()),
		CreatedISO:  l.CreatedAt.UTC().Format(time.RFC3339),
		Due:         l.IsDue(now),
		Version:     l.Version,
		CSRF:        csrf,
		Statuses:    statusOptions(l.Status, false),
		Owners:      ownerOptions(users, l.OwnerID),
	}
	if l.NextActionAt != nil {
		r.NextAction = dateText(*l.NextActionAt)
	}
	if l.Erased() {
		r.Erased, r.Name = true, fmt.Sprintf("Erased lead #%d", l.ID)
	}
	if l.RepeatOf != nil {
		r.RepeatOfURL = paths.Lead(*l.RepeatOf)
	}
	return r
}

// leadCard builds the card on a lead's page; now is in the reader's zone.
func leadCard(l *models.Lead, users []models.User, csrf string, now time.Time) views.LeadCard {
	card := views.LeadCard{
		Row:         leadRow(l, users, csrf, now),
		Message:     l.Message,
		UTMSource:   l.UTMSource,
		UTMMedium:   l.UTMMedium,
		UTMCampaign: l.UTMCampaign,
		Referrer:    l.Referrer,
		LandingPath: l.LandingPath,
		Updated:     timeText(l.UpdatedAt, now.Location()),
		Consent:     l.ConsentText,
	}
	if l.ConsentAt != nil {
		card.ConsentAt = timeText(*l.ConsentAt, now.Location())
	}
	if l.Erased() {
		card.ErasedNotice = "Personal data erased on " + timeText(*l.ErasedAt, now.Location()) + "."
	}
	return card
}

// editValues are a lead's editable fields as the form shows them.
func editValues(l *models.Lead) views.LeadEditValues {
	return views.LeadEditValues{
		Name: l.Name, Email: l.Email, Company: l.Company, Phone: l.Phone, Message: l.Message,
		NextActionAt: models.FormatDate(l.NextActionAt), Version: l.Version,
	}
}
