package mail_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/leadline/leadline/internal/mail"
	"github.com/leadline/leadline/internal/mailtest"
)

func sender(t *testing.T, srv *mailtest.Server) *mail.Sender {
	t.Helper()
	u, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	s, err := mail.New(u, "Leadline <leads@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var lead = mail.Lead{
	Name: `Ada "<b>" Lovelace`, Company: "Analytical Engines & Co", Email: "ada@example.com",
	Phone: "+44 20 7946 0958", Message: "We need 40 seats.\nCan you call on Monday? <script>alert(1)</script>",
	Source: "newsletter", Medium: "email", Campaign: "autumn", Referrer: "https://news.example.org/",
	LandingPath: "/?utm_source=newsletter", Created: "3 Mar 2026 09:15 CET", URL: "https://leads.example.com/app/leads/42",
}

func TestNewLeadEmail(t *testing.T) {
	srv := mailtest.Start(t)
	m, err := mail.NewLeadMessage("team@example.com", mail.NewLead{Product: "Leadline", Lead: lead})
	if err != nil {
		t.Fatal(err)
	}
	m.ID = "job-7.mail_lead_created@leads.example.com"
	if err := sender(t, srv).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "team@example.com" || got[0].From != "leads@example.com" {
		t.Fatalf("envelope %+v", got)
	}
	p := mailtest.Parse(t, got[0].Raw)
	t.Run("Headers", func(t *testing.T) { newLeadHeaders(t, p) })
	t.Run("Text", func(t *testing.T) { newLeadText(t, p) })
	t.Run("HTMLEscapesWhatTheVisitorTyped", func(t *testing.T) { newLeadHTML(t, p) })
}

func newLeadHeaders(t *testing.T, p mailtest.Message) {
	if p.Subject != `New lead: Ada "<b>" Lovelace (Analytical Engines & Co)` {
		t.Errorf("subject %q", p.Subject)
	}
	if p.To != "<team@example.com>" && p.To != "team@example.com" {
		t.Errorf("to %q", p.To)
	}
	if !strings.Contains(p.ReplyTo, "ada@example.com") {
		t.Errorf("reply-to %q", p.ReplyTo)
	}
	if p.MessageID != "<job-7.mail_lead_created@leads.example.com>" {
		t.Errorf("message-id %q", p.MessageID)
	}
	if p.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("auto-submitted %q", p.Header.Get("Auto-Submitted"))
	}
}

func newLeadText(t *testing.T, p mailtest.Message) {
	for _, want := range []string{
		`Name:     Ada "<b>" Lovelace`, "Company:  Analytical Engines & Co", "Email:    ada@example.com",
		"Phone:    +44 20 7946 0958", "  We need 40 seats.\n  Can you call on Monday? <script>alert(1)</script>",
		"Source:       newsletter", "Campaign:     autumn", "Referrer:     https://news.example.org/",
		"Open the lead: https://leads.example.com/app/leads/42",
	} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, p.Text)
		}
	}
}

func newLeadHTML(t *testing.T, p mailtest.Message) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(p.HTML))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Find("script, b").Length() != 0 {
		t.Errorf("markup from the lead became HTML:\n%s", p.HTML)
	}
	if h1 := doc.Find("h1").Text(); h1 != `New lead: Ada "<b>" Lovelace` {
		t.Errorf("heading %q", h1)
	}
	if href, _ := doc.Find(`a:contains("Open the lead")`).Attr("href"); href != lead.URL {
		t.Errorf("link %q", href)
	}
	if !strings.Contains(doc.Find("p").Text(), "Can you call on Monday? <script>alert(1)</script>") {
		t.Errorf("message not shown as text:\n%s", p.HTML)
	}
	if doc.Find("th").Length() < 5 {
		t.Errorf("the fields are not a table with headers:\n%s", p.HTML)
	}
}

func TestSubjectIsOneLine(t *testing.T) {
	srv := mailtest.Start(t)
	l := lead
	l.Name = "Eve\r\nBcc: victim@example.com"
	m, err := mail.NewLeadMessage("team@example.com", mail.NewLead{Product: "Leadline", Lead: l})
	if err != nil {
		t.Fatal(err)
	}
	if err := sender(t, srv).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	p := mailtest.Parse(t, srv.Messages()[0].Raw)
	if p.Header.Get("Bcc") != "" || strings.ContainsAny(p.Subject, "\r\n") {
		t.Fatalf("a header was injected: %v", p.Header)
	}
}

func TestDigestAndAssigned(t *testing.T) {
	d, err := mail.DigestMessage("sam@example.com", mail.Digest{
		Product: "Leadline", UserName: "Sam", Day: "Tuesday 3 March 2026", ListURL: "https://x.example/app/leads?due=1&owner=me",
		Leads: []mail.DueLead{{Name: "Ada", Company: "AE", Due: "1 Mar 2026", Overdue: true, URL: "https://x.example/app/leads/1"},
			{Name: "Bob", Due: "3 Mar 2026", URL: "https://x.example/app/leads/2"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Subject != "2 follow-ups due today" || !strings.Contains(d.Text, "- Ada (AE), overdue since 1 Mar 2026") ||
		!strings.Contains(d.Text, "- Bob, due 3 Mar 2026") || !strings.Contains(d.HTML, `href="https://x.example/app/leads?due=1&amp;owner=me"`) {
		t.Errorf("digest:\n%s\n%s\n%s", d.Subject, d.Text, d.HTML)
	}
	a, err := mail.AssignedMessage("sam@example.com", mail.Assigned{Product: "Leadline", OwnerName: "Sam", ByName: "Ada", Lead: lead})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Subject, "Ada gave you a lead: ") || !strings.Contains(a.Text, "Hello Sam,\n\nAda gave you this lead") {
		t.Errorf("assigned:\n%s\n%s", a.Subject, a.Text)
	}
}

func TestRefusedIsAnError(t *testing.T) {
	srv := mailtest.Start(t)
	srv.Refuse(1)
	m := mail.Message{To: "team@example.com", Subject: "x", Text: "x"}
	if err := sender(t, srv).Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), "451") {
		t.Fatalf("refused send: %v", err)
	}
	srv.Down(true)
	if err := sender(t, srv).Send(context.Background(), m); err == nil {
		t.Fatal("a server that is down took the message")
	}
	srv.Down(false)
	if err := sender(t, srv).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages", n)
	}
}

func TestCancelledContextStopsASend(t *testing.T) {
	srv := mailtest.Start(t)
	srv.Delay(5 * time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sender(t, srv).Send(ctx, mail.Message{To: "team@example.com", Subject: "x", Text: "x"}); err == nil {
		t.Fatal("a cancelled send went through")
	}
}
