package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
	"github.com/leadline/leadline/models"
)

// render renders a component into a document, as a browser would read it.
func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestFieldLabel(t *testing.T) {
	// Every field the history can record has a label of its own, not its raw name.
	var a models.Lead
	owner := int64(1)
	b := models.Lead{Name: "n", Email: "e", Company: "c", Phone: "p", Message: "m", Status: models.StatusWon, OwnerID: &owner}
	b.NextActionAt, _ = models.ParseDate("2030-01-02")
	changes := models.Changes(&a, &b)
	if len(changes) != 8 {
		t.Fatalf("%d changes, want every field", len(changes))
	}
	for _, ch := range changes {
		label := FieldLabel(ch.Field)
		if label == ch.Field || label == "" {
			t.Errorf("%s has no label", ch.Field)
		}
		if in := fieldInSentence(ch.Field); strings.ToLower(label[:1])+label[1:] != in {
			t.Errorf("%s in a sentence reads %q", ch.Field, in)
		}
	}
	if got := fieldInSentence("next_action_at"); got != "follow-up date" {
		t.Errorf("next_action_at in a sentence: %q", got)
	}
}

// TestFormerUser checks that a user whose account is gone reads the same everywhere,
// capitalised only where a sentence starts with them.
func TestFormerUser(t *testing.T) {
	if Person("Ana") != "Ana" || Person("") != "a former user" || personAtStart("") != "A former user" {
		t.Errorf("Person: %q, %q, %q", Person("Ana"), Person(""), personAtStart(""))
	}
	history := render(t, HistoryView([]EventView{{Field: "status", Old: "New", New: "Won"}, {Created: true}}, false))
	events := history.Find("[data-testid=event] p")
	if got := events.Eq(0).Text(); got != "A former user changed status from New to Won" {
		t.Errorf("change: %q", got)
	}
	if got := events.Eq(1).Text(); got != "A former user created the lead" {
		t.Errorf("creation: %q", got)
	}
	notes := render(t, NotesView([]NoteView{{Body: "Called"}}, NoteForm{LeadID: 1}))
	if got := notes.Find("[data-testid=note] .strong").Text(); got != "A former user" {
		t.Errorf("note author: %q", got)
	}
	conflict := render(t, ConflictView(Conflict{LeadID: 1, View: ViewCard, Fields: []ConflictField{{Field: "next_action_at", Theirs: "2030-01-02"}}}))
	row := conflict.Find("[data-testid=conflict-fields] tbody tr")
	if got := row.Find("th").Text(); got != "Follow-up date" {
		t.Errorf("conflict label: %q", got)
	}
	if got := row.Find("td .muted").Text(); !strings.HasPrefix(got, "by a former user, ") {
		t.Errorf("conflict by: %q", got)
	}
}
