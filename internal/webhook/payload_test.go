package webhook

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/leadline/leadline/internal/leadjson"
	"github.com/leadline/leadline/models"
)

func TestSlackText(t *testing.T) {
	lead := &leadjson.Lead{ID: 7, Name: "Ada <b>", Company: "A&B", Email: "ada@example.com", Status: "contacted", OwnerName: "Sam"}
	for _, tc := range []struct {
		p    Payload
		link string
		want string
	}{
		{Payload{Event: models.EventLeadCreated, LeadID: 7, Lead: lead}, "https://x.example/app/leads/7",
			"New lead: Ada &lt;b&gt; (A&amp;B) – ada@example.com. <https://x.example/app/leads/7|Open it in Leadline>"},
		{Payload{Event: models.EventLeadAssigned, LeadID: 7, Lead: lead}, "", "Lead Ada &lt;b&gt; (A&amp;B) is now Sam’s"},
		{Payload{Event: models.EventLeadUpdated, LeadID: 7, Lead: lead}, "", "Lead Ada &lt;b&gt; (A&amp;B) was updated; its status is Contacted"},
		{Payload{Event: models.EventLeadUpdated, LeadID: 7}, "", "Lead 7: lead.updated (it has been deleted since)."},
		{Payload{Event: models.EventLeadDeleted, LeadID: 7}, "", "Lead 7 was deleted."},
		{Payload{Event: models.EventWebhookTest}, "", "Test event from Leadline: this webhook works."},
	} {
		if got := SlackText(tc.p, tc.link); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.p.Event, got, tc.want)
		}
	}
}

// TestPayloadShape: the JSON body's fields, as the README documents them.
func TestPayloadShape(t *testing.T) {
	at := time.Date(2026, 11, 30, 14, 3, 12, 0, time.UTC)
	b, err := Body(models.FormatJSON, Payload{ID: "evt_1", Event: models.EventLeadDeleted, OccurredAt: at, LeadID: 42}, "")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "evt_1", "event": "lead.deleted", "occurred_at": "2026-11-30T14:03:12Z", "lead_id": float64(42), "lead": nil}
	if len(got) != len(want) {
		t.Fatalf("%s", b)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %v, want %v", k, got[k], v)
		}
	}
}
