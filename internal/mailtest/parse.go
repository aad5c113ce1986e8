package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
)

// Message is a received email as a person's mail client shows it.
type Message struct {
	Header    mail.Header
	From      string
	To        string
	ReplyTo   string
	Subject   string
	MessageID string
	// Text and HTML are the decoded bodies of the text/plain and text/html parts.
	Text string
	HTML string
}

// Parse reads raw as net/mail and mime/multipart do, decoding the subject's encoded
// words and each part's transfer encoding, and fails the test if it cannot.
func Parse(tb testing.TB, raw []byte) Message {
	tb.Helper()
	m, err := parse(raw)
	if err != nil {
		tb.Fatalf("mailtest: %v\n%s", err, raw)
	}
	return m
}

func parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	dec := new(mime.WordDecoder)
	header := func(name string) string {
		v, err := dec.DecodeHeader(msg.Header.Get(name))
		if err != nil {
			return msg.Header.Get(name)
		}
		return v
	}
	out := Message{
		Header: msg.Header, From: header("From"), To: header("To"), ReplyTo: header("Reply-To"),
		Subject: header("Subject"), MessageID: msg.Header.Get("Message-Id"),
	}
	err = walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &out)
	return out, err
}

// walk reads a part, descending into multipart ones.
func walk(contentType, encoding string, body io.Reader, out *Message) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, out); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s body: %w", mediaType, err)
	}
	switch mediaType {
	case "text/plain":
		out.Text = strings.ReplaceAll(string(b), "\r\n", "\n")
	case "text/html":
		out.HTML = strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	return nil
}
