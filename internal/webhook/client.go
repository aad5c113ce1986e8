package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Timeout bounds one delivery attempt, from the dial to the end of the answer's
// headers: a receiver that hangs costs one worker this long, then the attempt fails and
// River retries it later.
const Timeout = 10 * time.Second

// NewClient is the HTTP client of deliveries: every connection passes the guard at
// dial time, no proxy from the environment is used (it would dial for us, past the
// guard), and no redirect is followed (it could lead to an internal address; a 3xx
// counts as a failure, which the log shows).
func NewClient(g Guard) *http.Client {
	dialer := &net.Dialer{Timeout: Timeout, Control: g.Control}
	return &http.Client{
		Timeout: Timeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   Timeout,
			ResponseHeaderTimeout: Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Delivery is one attempt to send one event to one endpoint.
type Delivery struct {
	URL    string
	Secret string
	Event  string
	// ID is the Leadline-Delivery header.
	ID   string
	Body []byte
	// At is when it is signed.
	At time.Time
}

// Send POSTs the delivery, signed. It returns the receiver's status (0 when there was
// no answer) and an error unless the status is 2xx.
func Send(ctx context.Context, c *http.Client, d Delivery) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Body))
	if err != nil {
		return 0, fmt.Errorf("bad endpoint URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Leadline-Webhooks/1")
	req.Header.Set(EventHeader, d.Event)
	req.Header.Set(DeliveryHeader, d.ID)
	req.Header.Set(SignatureHeader, Sign(d.Secret, d.At, d.Body))
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	// Read a little of the answer so the connection can be reused; the rest is not ours.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode < 400 {
			return resp.StatusCode, fmt.Errorf("the receiver redirected to %s; webhooks do not follow redirects", loc)
		}
		return resp.StatusCode, fmt.Errorf("the receiver answered %s", strconv.Itoa(resp.StatusCode)+" "+http.StatusText(resp.StatusCode))
	}
	return resp.StatusCode, nil
}
