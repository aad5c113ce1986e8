package live

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// subscriberBuffer is how many events a stream may fall behind before it is dropped: a
// page needs few, and one that cannot keep up reconnects and is told to refresh.
const subscriberBuffer = 32

// Message is an event with its stream id (SSE's id:), "<hub epoch>.<sequence>".
type Message struct {
	ID    string
	Event Event
}

// Hub fans events out to this instance's open streams. Publish never waits for a
// stream: a subscriber whose buffer is full is dropped (its channel closed), so a slow
// client cannot hold back the others. It is safe for concurrent use.
type Hub struct {
	epoch string

	mu     sync.Mutex
	seq    uint64
	subs   map[*Sub]struct{}
	closed bool
}

// Sub is one subscriber: a stream reads C until it is closed (dropped, or the hub
// closed), and calls Close when it ends on its own.
type Sub struct {
	C   <-chan Message
	c   chan Message
	hub *Hub
}

// NewHub makes a hub. Its epoch is random, so that an id from another instance or
// before a restart is never taken for one of ours.
func NewHub() *Hub {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return &Hub{epoch: hex.EncodeToString(b), subs: map[*Sub]struct{}{}}
}

// Subscribe adds a subscriber and returns it with the id of the last event published,
// taken together so that nothing falls between them. ok is false once the hub is
// closed (the server is shutting down).
func (h *Hub) Subscribe() (s *Sub, lastID string, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, "", false
	}
	c := make(chan Message, subscriberBuffer)
	s = &Sub{C: c, c: c, hub: h}
	h.subs[s] = struct{}{}
	return s, h.idLocked(), true
}

// Close removes the subscriber; it is safe to call after it was dropped.
func (s *Sub) Close() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.hub.dropLocked(s)
}

func (h *Hub) dropLocked(s *Sub) {
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.c)
	}
}

func (h *Hub) idLocked() string { return h.epoch + "." + strconv.FormatUint(h.seq, 10) }

// Publish gives e the next id and hands it to every subscriber that has room; the
// others are dropped.
func (h *Hub) Publish(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.seq++
	m := Message{ID: h.idLocked(), Event: e}
	for s := range h.subs {
		select {
		case s.c <- m:
		default:
			h.dropLocked(s)
		}
	}
}

// LastID is the id of the last event published, for a page rendered now.
func (h *Hub) LastID() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.idLocked()
}

// Missed reports whether a page that last saw the event with id lastID (SSE's
// Last-Event-ID; "" for a new page) may have missed events, given the hub's last id
// now: then it should refresh.
func Missed(lastID, now string) bool { return lastID != "" && lastID != now }

// Open is the number of open subscribers.
func (h *Hub) Open() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close ends every stream and refuses new ones; the server calls it when it shuts
// down, so that open streams do not hold the shutdown up.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		h.dropLocked(s)
	}
}

// Collector is the gauge of open streams, for the metrics registry.
func (h *Hub) Collector() prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "leadline", Subsystem: "live", Name: "open_streams",
		Help: "Open live-update streams (GET /app/live) on this instance.",
	}, func() float64 { return float64(h.Open()) })
}
