package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strconv"
	"strings"
	texttemplate "text/template"
)

// The bodies are templates: text/template for the plain text, html/template for the
// HTML, which escapes every value for its place (text, attribute, URL). Both render the
// same flat data, so the two parts say the same.

//go:embed templates
var templateFiles embed.FS

var (
	textTemplates = texttemplate.Must(texttemplate.New("").Funcs(texttemplate.FuncMap{"indent": indent}).
			ParseFS(templateFiles, "templates/*.txt"))
	htmlTemplates = htmltemplate.Must(htmltemplate.New("").ParseFS(templateFiles, "templates/*.html"))
)

// Lead is what an email says about a lead, every value as the person reads it.
type Lead struct {
	Name, Company, Email, Phone, Message string
	// Source, Medium, Campaign, Referrer and LandingPath are its attribution.
	Source, Medium, Campaign, Referrer, LandingPath string
	// Created is when it came in, written out in the site's zone.
	Created string
	// EnteredBy is the staff user who entered it by hand, "" for the landing form.
	EnteredBy string
	// URL is the lead's page in the workspace.
	URL string
}

// HasAttribution reports whether anything is known of where the lead came from.
func (l Lead) HasAttribution() bool {
	return l.Source != "" || l.Medium != "" || l.Campaign != "" || l.Referrer != "" || l.LandingPath != ""
}

// NewLead is the team's email about a lead that just came in.
type NewLead struct {
	Product string
	Lead    Lead
}

// Assigned is the email to a user given a lead by someone else.
type Assigned struct {
	Product   string
	OwnerName string
	ByName    string
	Lead      Lead
}

// Digest is a user's daily list of follow-ups that are due.
type Digest struct {
	Product  string
	UserName string
	// Day is the day of the digest, written out ("Tuesday 3 March 2026").
	Day   string
	Leads []DueLead
	// More is how many more are due than Leads lists.
	More int
	// ListURL is the workspace's list of the user's due leads.
	ListURL string
}

// Count is how many follow-ups are due, listed or not.
func (d Digest) Count() int { return len(d.Leads) + d.More }

// DueLead is one line of a digest.
type DueLead struct {
	Name, Company string
	// Due is the follow-up date, written out; Overdue when it is before the digest's day.
	Due     string
	Overdue bool
	URL     string
}

// NewLeadMessage renders the team's email about a new lead, replying to the lead.
func NewLeadMessage(to string, d NewLead) (Message, error) {
	subject := "New lead: " + d.Lead.Name
	if d.Lead.Company != "" {
		subject += " (" + d.Lead.Company + ")"
	}
	m := Message{To: to, ReplyTo: d.Lead.Email, Subject: subject}
	return m, render(&m, "new_lead", d)
}

// AssignedMessage renders the email to a lead's new owner.
func AssignedMessage(to string, d Assigned) (Message, error) {
	m := Message{To: to, Subject: d.ByName + " gave you a lead: " + d.Lead.Name}
	return m, render(&m, "assigned", d)
}

// DigestMessage renders a user's daily digest of due follow-ups.
func DigestMessage(to string, d Digest) (Message, error) {
	subject := "1 follow-up due today"
	if n := d.Count(); n != 1 {
		subject = strconv.Itoa(n) + " follow-ups due today"
	}
	m := Message{To: to, Subject: subject}
	return m, render(&m, "digest", d)
}

func render(m *Message, name string, data any) error {
	var text, html bytes.Buffer
	if err := textTemplates.ExecuteTemplate(&text, name+".txt", data); err != nil {
		return err
	}
	if err := htmlTemplates.ExecuteTemplate(&html, name+".html", data); err != nil {
		return err
	}
	m.Text, m.HTML = text.String(), html.String()
	return nil
}

// indent puts two spaces before every line of s, so a message stands apart from the
// labels around it in plain text.
func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\n  ")
}
