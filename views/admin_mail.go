package views

// MailPage is the admins' list of the emails not sent yet, or failed for good.
type MailPage struct {
	App AppPage
	// On is whether Leadline sends email (LEADLINE_SMTP_URL is set).
	On bool
	// NotifyTo is the team's address for new leads, "" for none; From the sender.
	NotifyTo, From string
	Jobs           []MailJobRow
}

// MailState is where an email stands.
type MailState int

// The states of an email on the page.
const (
	MailQueued MailState = iota
	MailSending
	MailRetrying
	MailFailed
)

// Label is the state as the page says it.
func (s MailState) Label() string {
	switch s {
	case MailSending:
		return "Sending"
	case MailRetrying:
		return "Will retry"
	case MailFailed:
		return "Failed"
	}
	return "Queued"
}

// CanRetry reports whether an admin may send it again now: it failed, or waits for a
// retry.
func (s MailState) CanRetry() bool { return s == MailFailed || s == MailRetrying }

// MailJobRow is one email on the page.
type MailJobRow struct {
	ID int64
	// What the email is: "New lead", "Assigned lead", "Daily digest".
	What string
	// LeadID links to the lead the email is about; 0 for a digest.
	LeadID int64
	To     string
	State  MailState
	// Attempts is "2 of 15".
	Attempts    string
	LastError   string
	LastErrorAt string
	// NextAttempt is when it is tried next, "" when it will not be.
	NextAttempt string
}

// Export is the admins' page that exports everything stored about one email address.
type Export struct {
	App        AppPage
	Email      string
	Errors     map[string]string
	ErrorOrder []string
}
