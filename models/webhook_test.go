package models

import (
	"errors"
	"slices"
	"testing"
)

func TestNewWebhook(t *testing.T) {
	n := NewWebhook{URL: "  https://crm.example/hook ", Events: []string{"lead.deleted", "lead.created", "lead.created", "lead.exploded"}, Format: FormatSlack}
	n.Normalize()
	if n.URL != "https://crm.example/hook" || !slices.Equal(n.Events, []string{"lead.created", "lead.deleted"}) {
		t.Fatalf("normalized %+v", n)
	}
	if err := n.Validate(); err != nil {
		t.Fatalf("valid: %v", err)
	}
	err := NewWebhook{URL: "crm.example/hook", Format: "xml"}.Validate()
	var ve *ValidationError
	if !errors.As(err, &ve) || !slices.Equal(ve.Order, []string{"url", "events", "format"}) ||
		ve.Fields["url"] != "Enter a full URL starting with https:// or http://" || ve.Fields["events"] != "Choose at least one event to send" {
		t.Fatalf("%v", err)
	}
	for raw, want := range map[string]string{
		"":                        "Enter the URL that will receive the events, like https://example.com/hooks/leadline",
		"https://a.example/\x00":  "The URL contains characters that are not allowed",
		"https://a.example/x#y":   "The URL must not have a #fragment",
		"mailto:team@example.com": "Enter a full URL starting with https:// or http://",
		"https://a.example/" + string(make([]byte, MaxWebhookURL)): "The URL is too long",
	} {
		if got := CheckWebhookURL(raw); got != want {
			t.Errorf("%q: %q, want %q", raw, got, want)
		}
	}
}
