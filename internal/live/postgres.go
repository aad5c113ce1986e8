package live

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// channelBase is the NOTIFY channel of a database whose tables live in "public". A
// schema of its own (each test has one) gets a channel of its own, because channels
// are per database, not per schema.
const channelBase = "leadline_live"

// Backoff of the listener's reconnection.
const (
	retryMin = 500 * time.Millisecond
	retryMax = 30 * time.Second
)

// Channel is the NOTIFY channel for the schema db's connections use.
func Channel(ctx context.Context, db *sql.DB) (string, error) {
	var schema string
	if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return "", fmt.Errorf("live: current schema: %w", err)
	}
	if schema == "public" {
		return channelBase, nil
	}
	return channelBase + "_" + schema, nil
}

// Listener holds one dedicated connection LISTENing on the channel (database/sql's
// pool cannot LISTEN) and relays what arrives to the hub. After a lost connection it
// reconnects with backoff and tells every page to refresh, since it may have missed
// changes meanwhile.
type Listener struct {
	cfg     *pgx.ConnConfig
	channel string
	relay   *Relay
	log     *slog.Logger
	conn    *pgx.Conn
	stop    context.CancelFunc
	done    chan struct{}
}

// Listen connects and LISTENs before it returns, so that no change committed after it
// is missed, then relays notifications in the background until Close.
func Listen(ctx context.Context, cfg *pgx.ConnConfig, channel string, relay *Relay, log *slog.Logger) (*Listener, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Listener{cfg: cfg, channel: channel, relay: relay, log: log, done: make(chan struct{})}
	conn, err := l.connect(ctx)
	if err != nil {
		return nil, err
	}
	l.conn = conn
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	l.stop = stop
	go l.run(runCtx)
	return l, nil
}

func (l *Listener) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, l.cfg)
	if err != nil {
		return nil, fmt.Errorf("live: connect: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{l.channel}.Sanitize()); err != nil {
		_ = conn.Close(ctx)
		return nil, fmt.Errorf("live: listen: %w", err)
	}
	return conn, nil
}

// run relays notifications, and reconnects when the connection is lost.
func (l *Listener) run(ctx context.Context) {
	defer close(l.done)
	retry := retryMin
	for {
		err := l.relayAll(ctx)
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = l.conn.Close(closeCtx) // a dead server must not hold the reconnect up
		cancel()
		if ctx.Err() != nil {
			return
		}
		l.log.Warn("live: lost the LISTEN connection; reconnecting", "err", err)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(retry):
			}
			conn, err := l.connect(ctx)
			if err == nil {
				l.conn, retry = conn, retryMin
				break
			}
			retry = min(2*retry, retryMax)
		}
		l.relay.Deliver(ctx, Event{Name: Refresh})
	}
}

// relayAll relays notifications until the connection fails or ctx ends.
func (l *Listener) relayAll(ctx context.Context) error {
	for {
		n, err := l.conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		e, err := parsePayload(n.Payload)
		if err != nil {
			l.log.Warn("live: ignored a notification", "err", err)
			continue
		}
		l.relay.Deliver(ctx, e)
	}
}

// Close stops listening and closes the connection.
func (l *Listener) Close() error {
	l.stop()
	<-l.done
	return nil
}
