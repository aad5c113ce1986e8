package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The headers of every delivery.
const (
	// SignatureHeader is "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed
	// with the endpoint's secret>".
	SignatureHeader = "Leadline-Signature"
	// EventHeader is the event's name, such as "lead.created".
	EventHeader = "Leadline-Event"
	// DeliveryHeader is the delivery's id: the same for every retry of one delivery.
	DeliveryHeader = "Leadline-Delivery"
)

// Tolerance is the replay window the README advises: a receiver refuses a signature
// whose timestamp is further than this from its own clock.
const Tolerance = 5 * time.Minute

// secretPrefix marks a webhook secret, so that a leaked one is recognised.
const secretPrefix = "whsec_"

// NewSecret is a new signing secret: 256 random bits, base64url, with a prefix.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return secretPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// Sign is the Leadline-Signature of body sent at t with secret (the whole secret, its
// prefix included, is the HMAC key).
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Errors of Verify.
var (
	ErrNoSignature  = errors.New("webhook: no valid Leadline-Signature header")
	ErrBadSignature = errors.New("webhook: the signature does not match")
	ErrStale        = errors.New("webhook: the signature's timestamp is outside the tolerance")
)

// Verify checks a delivery as a receiver should: header is the Leadline-Signature,
// body the raw request body, now the receiver's time. It accepts a v1 signature that
// matches (compared in constant time) with a timestamp within tolerance of now.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs []string
	for part := range strings.SplitSeq(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrNoSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrStale
	}
	want := []byte(mac(secret, ts, body))
	for _, s := range sigs {
		if hmac.Equal([]byte(s), want) {
			return nil
		}
	}
	return ErrBadSignature
}
