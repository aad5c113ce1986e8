// Package mailtest is a real SMTP server for tests (go-smtp on a loopback port) that
// keeps what it receives, and can refuse mail for a while the way a server in trouble
// does. Parse reads a received message as a mail client would.
package mailtest

import (
	"bytes"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message the server took.
type Received struct {
	From string
	To   []string
	Raw  []byte
}

// Server is an SMTP server on 127.0.0.1 that accepts everything unless told otherwise.
type Server struct {
	srv  *smtp.Server
	ln   net.Listener
	addr string

	mu       sync.Mutex
	received []Received
	refuse   int
	down     bool
	delay    time.Duration
	arrived  chan struct{}
}

// Start runs a server until the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatalf("mailtest: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Listen runs a server on addr until Close; scripts/smtpsink uses it outside tests.
func Listen(addr string) (*Server, error) {
	s := &Server{arrived: make(chan struct{}, 1)}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "mailtest.localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s.ln, s.addr = ln, ln.Addr().String()
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Addr is host:port.
func (s *Server) Addr() string { return s.addr }

// URL is a LEADLINE_SMTP_URL for the server.
func (s *Server) URL() string { return "smtp://" + s.addr }

// Close stops the server.
func (s *Server) Close() { _ = s.srv.Close() }

// Refuse answers the next n messages "451 try again later" at DATA: the client has
// said everything and the server takes nothing.
func (s *Server) Refuse(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = n
}

// Down makes the server answer every connection "421 service not available" and
// close it, as a server shutting down does; Down(false) brings it back.
func (s *Server) Down(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Delay makes the server take d before answering each message, as a slow or distant
// server does.
func (s *Server) Delay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Messages returns what the server has taken so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Arrived is signalled (without blocking, at most one pending) each time a message is
// taken: a test waits on it instead of sleeping.
func (s *Server) Arrived() <-chan struct{} { return s.arrived }

// WaitFor waits until the server has taken n messages and returns them, or fails the
// test after timeout. A test that moves a fake clock calls tick between looks.
func (s *Server) WaitFor(tb testing.TB, n int, timeout time.Duration, tick func()) []Received {
	tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	for {
		if got := s.Messages(); len(got) >= n {
			return got
		}
		select {
		case <-deadline.C:
			got := s.Messages()
			tb.Fatalf("mailtest: %d messages after %s, want %d", len(got), timeout, n)
			return got
		case <-s.arrived:
		case <-poll.C:
			if tick != nil {
				tick()
			}
		}
	}
}

type backend struct{ s *Server }

var errDown = &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "Service not available, try again later"}

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if b.s.down {
		return nil, errDown
	}
	return &session{s: b.s}, nil
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	delay := x.s.delay
	x.s.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay) // the slow server this stands for; never a test's own wait
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.refuse > 0 {
		x.s.refuse--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Mail server busy, try again later"}
	}
	x.s.received = append(x.s.received, Received{From: x.from, To: append([]string(nil), x.to...), Raw: bytes.Clone(raw)})
	select {
	case x.s.arrived <- struct{}{}:
	default:
	}
	return nil
}
