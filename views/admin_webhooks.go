package views

// WebhooksPage is the admins' list of webhook endpoints with the form that adds one.
type WebhooksPage struct {
	App   AppPage
	Form  WebhookForm
	Hooks []WebhookRow
	// Created is the endpoint just added, with its secret shown this once; nil otherwise.
	Created *CreatedWebhook
	// AllowPrivate is LEADLINE_WEBHOOK_ALLOW_PRIVATE.
	AllowPrivate bool
}

// WebhookForm is the add form's state: what was typed and its messages.
type WebhookForm struct {
	URL        string
	Events     []Checkbox
	Formats    []Option
	Errors     map[string]string
	ErrorOrder []string
}

// Checkbox is one box of a group.
type Checkbox struct {
	Value, Label string
	Checked      bool
}

// CreatedWebhook is an endpoint just added and the secret it signs with.
type CreatedWebhook struct {
	ID          int64
	URL, Secret string
}

// WebhookRow is one endpoint.
type WebhookRow struct {
	ID  int64
	URL string
	// Events are the event names it receives, joined for reading.
	Events  string
	Format  string
	Active  bool
	Created string
}

// WebhookPage is one endpoint with its buttons and its delivery log.
type WebhookPage struct {
	App        AppPage
	Hook       WebhookRow
	Deliveries []DeliveryRow
}

// DeliveryRow is one logged attempt.
type DeliveryRow struct {
	ID      int64
	Event   string
	EventID string
	// LeadID links to the lead, 0 for none (a test event).
	LeadID  int64
	Attempt int
	// Status is the receiver's answer ("204") or "no answer".
	Status   string
	OK       bool
	Error    string
	Duration string
	At       string
}

// activeLabel is an endpoint's state as the pages say it.
func activeLabel(active bool) string {
	if active {
		return "Active"
	}
	return "Disabled"
}

// eventBoxID is the id of an event's checkbox; the first is "events", where the error
// summary's link lands.
func eventBoxID(i int, event string) string {
	if i == 0 {
		return "events"
	}
	return "event-" + event
}
