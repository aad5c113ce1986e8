package live

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"

	"github.com/leadline/leadline/models"
)

const (
	// notifyTimeout bounds one statement of NOTIFYs.
	notifyTimeout = 5 * time.Second
	// notifyQueue is how many announcements may wait; past it, Committed waits.
	notifyQueue = 4096
	// notifyBatch is the most announcements one statement sends.
	notifyBatch = 256
)

// notifySQL sends a NOTIFY for each payload of $2, in the array's order.
const notifySQL = `SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, i) ORDER BY i`

// Notifier announces each committed change on PostgreSQL with a NOTIFY, which
// PostgreSQL delivers to every listener: this instance's and the others'. It is the
// store's after-commit hook, so a rolled-back change is never announced, and neither
// the change's transaction nor its request waits for the announcement: one goroutine
// sends them in the order the changes committed, as many as have queued in one
// statement (the landing form's post stays one statement and one round trip). Close
// sends what is queued. A process that dies between a commit and its NOTIFY loses that
// announcement; the pages show the change at their next fetch.
type Notifier struct {
	db      *sql.DB
	channel string
	log     *slog.Logger

	mu     sync.Mutex // guards closed and sends on queue
	closed bool
	queue  chan string
	done   chan struct{}
}

// NewNotifier starts announcing on channel through db.
func NewNotifier(db *sql.DB, channel string, log *slog.Logger) *Notifier {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n := &Notifier{db: db, channel: channel, log: log, queue: make(chan string, notifyQueue), done: make(chan struct{})}
	go n.run()
	return n
}

// Committed queues e's announcement. It waits only when notifyQueue announcements are
// waiting already: a database that falls that far behind slows the changes rather than
// losing their announcements.
func (n *Notifier) Committed(e models.Event) {
	ev, ok := FromModel(e)
	if !ok {
		return
	}
	p, err := ev.payload()
	if err != nil {
		n.log.Warn("live: cannot announce a change", "event", e.EventName(), "err", err)
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.closed {
		n.queue <- p
	}
}

// run sends the queued announcements until Close, each time all that have queued.
func (n *Notifier) run() {
	defer close(n.done)
	batch := make([]string, 0, notifyBatch)
	for p := range n.queue {
		batch = append(batch[:0], p)
	fill:
		for len(batch) < notifyBatch {
			select {
			case p, ok := <-n.queue:
				if !ok {
					break fill
				}
				batch = append(batch, p)
			default:
				break fill
			}
		}
		n.send(batch)
	}
}

func (n *Notifier) send(batch []string) {
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	if _, err := n.db.ExecContext(ctx, notifySQL, n.channel, batch); err != nil {
		n.log.Warn("live: cannot announce changes; open pages show them at their next fetch",
			"changes", len(batch), "err", err)
	}
}

// Close sends what is queued and stops. Changes committed after it are not announced.
func (n *Notifier) Close() error {
	n.mu.Lock()
	if !n.closed {
		n.closed = true
		close(n.queue)
	}
	n.mu.Unlock()
	<-n.done
	return nil
}
