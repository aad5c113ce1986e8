package handlers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jonboulle/clockwork"
	"github.com/leadline/leadline/internal/live"
	"github.com/leadline/leadline/models"
)

// The live stream's rhythm.
const (
	// LiveRecheck is how often an open stream checks its session again (it also
	// checks before each event) and sends a comment, which finds a client that has
	// gone and keeps proxies from closing a quiet connection.
	LiveRecheck = 30 * time.Second
	// liveWriteTimeout bounds each write to a client: one that stops reading is cut
	// off instead of holding its connection (the server's WriteTimeout would cut every
	// stream at 30 s, so each write moves the deadline on).
	liveWriteTimeout = 10 * time.Second
	// liveRetry is how long a browser waits before it reconnects (SSE's retry:).
	liveRetry = 2 * time.Second
	// liveCheckTimeout bounds a re-check's database work.
	liveCheckTimeout = 5 * time.Second
)

// Live is GET /app/live: a stream of server-sent events, one per change to a lead
// ("lead" events whose data names the change, the lead, its version and who made it;
// never the lead's fields, which the page fetches through the usual routes). Only a
// live staff session gets a stream; it ends when the session does (sign-out, timeout,
// deactivation), when the client falls behind, and when the server shuts down. A
// reconnecting client that sends Last-Event-ID from before the last change is told to
// refresh, since it may have missed some.
func (h *Handler) Live(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return fmt.Errorf("load session: %w: %w", models.ErrUnavailable, err)
	}
	user, _, err := h.liveSession(c, sess)
	if err != nil {
		return err
	}
	if user == nil {
		return refuse(fiber.StatusUnauthorized, "Sign in to see changes to leads as they happen.")
	}
	sub, lastID, ok := h.live.Subscribe()
	if !ok {
		return refuse(fiber.StatusServiceUnavailable, "The server is restarting. The page reconnects by itself.")
	}
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	fctx := c.Context()
	fctx.SetConnectionClose() // the connection ends with the stream, so shutdown never waits for it
	s := &liveStream{
		h: h, sub: sub, sessionID: sess.ID(), done: fctx.Done(), conn: fctx.Conn(),
		catchUp: live.Missed(seenID(c), lastID), lastID: lastID,
	}
	fctx.SetBodyStreamWriter(s.run)
	return nil
}

// seenID is the last event the page has seen: SSE's Last-Event-ID on a reconnect, else
// the since= the page was rendered with (paths.LiveSince).
func seenID(c *fiber.Ctx) string {
	if id := c.Get("Last-Event-ID"); id != "" {
		return id
	}
	return c.Query("since")
}

// liveStream is one open stream, after its request has returned.
type liveStream struct {
	h         *Handler
	sub       *live.Sub
	sessionID string
	done      <-chan struct{} // closed when the server shuts down
	conn      net.Conn
	catchUp   bool
	lastID    string
}

// run writes the stream until it ends.
func (s *liveStream) run(w *bufio.Writer) {
	defer s.sub.Close()
	ticker := s.h.clock.NewTicker(LiveRecheck)
	defer ticker.Stop()
	fmt.Fprintf(w, "retry: %d\n\n", liveRetry.Milliseconds())
	if s.catchUp {
		writeEvent(w, s.lastID, live.Event{Name: live.Refresh})
	}
	if s.flush(w) != nil {
		return
	}
	for s.next(w, ticker) {
	}
}

// next waits for an event, a tick or the end, and writes what it has; false ends.
func (s *liveStream) next(w *bufio.Writer, ticker clockwork.Ticker) bool {
	select {
	case <-s.done:
		return false
	case m, ok := <-s.sub.C:
		if !ok || !s.signedIn() {
			return false
		}
		writeEvent(w, m.ID, m.Event)
	case <-ticker.Chan():
		if !s.signedIn() {
			return false
		}
		_, _ = w.WriteString(": still here\n\n")
	}
	return s.flush(w) == nil
}

// flush sends what is written, within liveWriteTimeout.
func (s *liveStream) flush(w *bufio.Writer) error {
	if s.conn != nil {
		_ = s.conn.SetWriteDeadline(time.Now().Add(liveWriteTimeout))
	}
	return w.Flush()
}

func writeEvent(w *bufio.Writer, id string, e live.Event) {
	fmt.Fprintf(w, "id: %s\nevent: lead\ndata: %s\n\n", id, e.Data())
}

// signedIn reads the stream's session from the storage again and checks it as every
// request does: signed out, timed out, deactivated or moved to a new id all end it.
func (s *liveStream) signedIn() bool {
	raw, err := s.h.sessions.Storage.Get(s.sessionID)
	if err != nil || raw == nil {
		return false
	}
	var values map[string]any
	if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&values); err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), liveCheckTimeout)
	defer cancel()
	user, _, err := s.h.sessionUser(ctx, func(k string) any { return values[k] })
	return err == nil && user != nil
}
