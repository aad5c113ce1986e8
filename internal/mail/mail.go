// Package mail sends Leadline's emails through one SMTP server and renders them: a
// plain-text body and an HTML alternative from the same flat data, escaped for each.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// DefaultPort is the submission port, used when the SMTP URL names none.
const DefaultPort = 587

// Timeout bounds connecting to the server and each command of a send.
const Timeout = 15 * time.Second

// Message is one email to send.
type Message struct {
	To string
	// ReplyTo, when not empty, is where a reply goes (the lead, for the team's email).
	ReplyTo string
	Subject string
	Text    string
	HTML    string
	// ID is the Message-ID without its angle brackets. A job derives it from itself, so
	// a send that is repeated (the process died after the server took the message and
	// before the job was marked done) repeats the ID, and mail systems that
	// de-duplicate by Message-ID show one email.
	ID string
}

// Sender sends messages through the SMTP server of an smtp://user:pass@host:port URL:
// STARTTLS when the server offers it, authentication when the URL has a user. It opens
// a connection per message, which suits a few emails a minute and leaves nothing open
// between them. It is safe for concurrent use.
type Sender struct {
	host     string
	port     int
	user     string
	password string
	from     string
}

// New returns a Sender for the server of smtpURL, sending as from.
func New(smtpURL *url.URL, from string) (*Sender, error) {
	if smtpURL == nil || smtpURL.Scheme != "smtp" || smtpURL.Hostname() == "" {
		return nil, errors.New("mail: the server URL must look like smtp://user:pass@host:port")
	}
	s := &Sender{host: smtpURL.Hostname(), port: DefaultPort, from: from}
	if p := smtpURL.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("mail: port %q is not a number from 1 to 65535", p)
		}
		s.port = n
	}
	if smtpURL.User != nil {
		s.user = smtpURL.User.Username()
		s.password, _ = smtpURL.User.Password()
	}
	return s, nil
}

// From is the sender's address.
func (s *Sender) From() string { return s.from }

// Send delivers m, or returns why the server did not take it. A send that fails may
// have reached the server; the caller retries, and m.ID lets the receiving side tell
// a repeat.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	opts := []gomail.Option{
		gomail.WithPort(s.port),
		gomail.WithTimeout(Timeout),
		gomail.WithTLSPolicy(gomail.TLSOpportunistic),
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.user), gomail.WithPassword(s.password))
	}
	client, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail to %s via %s:%d: %w", m.To, s.host, s.port, err)
	}
	return nil
}

// build turns m into go-mail's message, which encodes the headers and bodies.
func (s *Sender) build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	if m.ReplyTo != "" {
		// A reply address that does not parse is left out rather than failing the
		// email: the team still gets the lead.
		_ = msg.ReplyTo(m.ReplyTo)
	}
	msg.Subject(OneLine(m.Subject))
	msg.SetDate()
	if m.ID != "" {
		msg.SetMessageIDWithValue(m.ID)
	} else {
		msg.SetMessageID()
	}
	// Auto-Submitted (RFC 3834) keeps out-of-office replies from answering a notification.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetUserAgent("Leadline")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// OneLine makes s fit a header: line breaks and other control characters become
// spaces, runs of spaces one, and it is cut to 200 characters.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}
