package webhook

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/leadline/leadline/internal/leadjson"
	"github.com/leadline/leadline/models"
)

// Payload is the JSON body of a delivery. Its shape is stable: fields may be added,
// none removed or renamed.
type Payload struct {
	// ID is the event's id ("evt_…"): the same at every endpoint and every retry, so a
	// receiver can drop a repeat.
	ID string `json:"id"`
	// Event is lead.created, lead.updated, lead.assigned, lead.deleted or webhook.test.
	Event string `json:"event"`
	// OccurredAt is when the change was made.
	OccurredAt time.Time `json:"occurred_at"`
	// LeadID is the lead's id; 0 for webhook.test.
	LeadID int64 `json:"lead_id"`
	// Lead is the lead as the API shows it at delivery time; null for lead.deleted,
	// for webhook.test, and when the lead was deleted before the event was delivered.
	Lead *leadjson.Lead `json:"lead"`
}

// NewEventID is a new event id: "evt_" and 128 random bits in hex.
func NewEventID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return "evt_" + hex.EncodeToString(b)
}

// Body is what an endpoint of the format receives for p: the payload as JSON, or a
// Slack message whose text links to leadURL (the lead's page; "" for none).
func Body(format models.WebhookFormat, p Payload, leadURL string) ([]byte, error) {
	if format == models.FormatSlack {
		return json.Marshal(struct {
			Text string `json:"text"`
		}{SlackText(p, leadURL)})
	}
	return json.Marshal(p)
}

// SlackText is the event as one sentence in Slack's mrkdwn, with what people typed
// escaped so that it cannot make links or mentions.
func SlackText(p Payload, leadURL string) string {
	if p.Event == models.EventWebhookTest {
		return "Test event from Leadline: this webhook works."
	}
	if p.Event == models.EventLeadDeleted {
		return fmt.Sprintf("Lead %d was deleted.", p.LeadID)
	}
	if p.Lead == nil {
		return fmt.Sprintf("Lead %d: %s (it has been deleted since).", p.LeadID, p.Event)
	}
	l := p.Lead
	who := slackEscape(l.Name)
	if l.Company != "" {
		who += " (" + slackEscape(l.Company) + ")"
	}
	var text string
	switch p.Event {
	case models.EventLeadCreated:
		text = "New lead: " + who
		if l.Email != "" {
			text += " – " + slackEscape(l.Email)
		}
	case models.EventLeadAssigned:
		if l.OwnerName != "" {
			text = "Lead " + who + " is now " + slackEscape(l.OwnerName) + "’s"
		} else {
			text = "Lead " + who + " has no owner now"
		}
	default:
		text = "Lead " + who + " was updated; its status is " + slackEscape(models.Status(l.Status).Label())
	}
	if leadURL != "" {
		text += ". <" + leadURL + "|Open it in Leadline>"
	}
	return text
}

// slackEscape escapes the three characters Slack's mrkdwn gives meaning to.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
