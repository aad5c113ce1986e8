package models

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Webhook events, as an endpoint subscribes to them and as the payload's "event" names
// them: the names of the Events the store raises.
const (
	EventLeadCreated  = "lead.created"
	EventLeadUpdated  = "lead.updated"
	EventLeadAssigned = "lead.assigned"
	EventLeadDeleted  = "lead.deleted"
	// EventWebhookTest is what the admin page's "Send test event" sends; no endpoint
	// subscribes to it.
	EventWebhookTest = "webhook.test"
)

// WebhookEvents lists the events an endpoint may subscribe to, in the form's order.
func WebhookEvents() []string {
	return []string{EventLeadCreated, EventLeadUpdated, EventLeadAssigned, EventLeadDeleted}
}

// WebhookFormat is the body an endpoint receives.
type WebhookFormat string

// The formats: Leadline's signed JSON, or Slack's incoming-webhook message.
const (
	FormatJSON  WebhookFormat = "json"
	FormatSlack WebhookFormat = "slack"
)

// WebhookFormats lists the formats in the form's order.
func WebhookFormats() []WebhookFormat { return []WebhookFormat{FormatJSON, FormatSlack} }

// Label is the format as the admin page names it.
func (f WebhookFormat) Label() string {
	if f == FormatSlack {
		return "Slack message"
	}
	return "JSON (signed)"
}

// Valid reports whether f is one of the formats.
func (f WebhookFormat) Valid() bool { return slices.Contains(WebhookFormats(), f) }

// Webhook is an endpoint that receives the events it subscribes to.
type Webhook struct {
	ID  int64  `gorm:"primaryKey"`
	URL string `gorm:"not null"`
	// Events are the event names it receives, stored in webhook_events.
	Events []string      `gorm:"-"`
	Format WebhookFormat `gorm:"not null"`
	// Secret signs every delivery. Unlike a password it is kept as it is: the server
	// needs it to sign, so a hash would not do. It is shown to the admin once.
	Secret    string `gorm:"not null"`
	Active    bool   `gorm:"not null"`
	CreatedAt time.Time
}

// TableName is the endpoints' table.
func (Webhook) TableName() string { return "webhooks" }

// Subscribes reports whether the endpoint receives event.
func (w *Webhook) Subscribes(event string) bool { return slices.Contains(w.Events, event) }

// WebhookDelivery is one attempt to deliver one event to one endpoint.
type WebhookDelivery struct {
	ID        int64 `gorm:"primaryKey"`
	WebhookID int64 `gorm:"not null"`
	Event     string
	// EventID is the same for every endpoint and every attempt of one event; a receiver
	// uses it to drop a repeat.
	EventID string
	// LeadID is the lead the event is about, 0 for a test event.
	LeadID int64
	// JobID is the River job that made the attempt; the Leadline-Delivery header.
	JobID   int64
	Attempt int
	// StatusCode is the receiver's answer, 0 when there was none (refused, timed out).
	StatusCode int
	// Error is why the attempt failed, "" when it succeeded.
	Error      string
	DurationMS int64 `gorm:"column:duration_ms"`
	OccurredAt time.Time
	CreatedAt  time.Time
}

// TableName is the delivery log's table.
func (WebhookDelivery) TableName() string { return "webhook_deliveries" }

// OK reports whether the attempt was delivered.
func (d *WebhookDelivery) OK() bool {
	return d.Error == "" && d.StatusCode >= 200 && d.StatusCode < 300
}

// MaxWebhookURL is the longest endpoint URL, in bytes.
const MaxWebhookURL = 2000

// NewWebhook is what the admin's form adds.
type NewWebhook struct {
	URL    string
	Events []string
	Format WebhookFormat
}

// Normalize trims the URL and keeps the known events once each, in the form's order.
func (n *NewWebhook) Normalize() {
	n.URL = strings.TrimSpace(n.URL)
	var events []string
	for _, e := range WebhookEvents() {
		if slices.Contains(n.Events, e) {
			events = append(events, e)
		}
	}
	n.Events = events
}

// Validate checks the URL's shape, the events and the format. Where the URL points
// (SSRF) is package webhook's to check, since it needs the network.
func (n NewWebhook) Validate() error {
	var v ValidationError
	if msg := CheckWebhookURL(n.URL); msg != "" {
		v.Add("url", msg)
	}
	if len(n.Events) == 0 {
		v.Add("events", "Choose at least one event to send")
	}
	if !n.Format.Valid() {
		v.Add("format", "Choose the format the receiver expects")
	}
	return v.Err()
}

// CheckWebhookURL returns why raw cannot be an endpoint's URL, or "" when it can: an
// absolute http or https URL with a host, no fragment, of at most MaxWebhookURL bytes.
func CheckWebhookURL(raw string) string {
	if raw == "" {
		return "Enter the URL that will receive the events, like https://example.com/hooks/leadline"
	}
	if len(raw) > MaxWebhookURL {
		return "The URL is too long"
	}
	if msg := checkText("The URL", raw, MaxWebhookURL, false); msg != "" {
		return msg
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return "Enter a full URL starting with https:// or http://"
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return "The URL must not have a #fragment"
	}
	return ""
}
