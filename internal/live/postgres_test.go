package live_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/leadline/leadline/internal/live"
	"github.com/leadline/leadline/internal/testdb"
	"github.com/leadline/leadline/models"
)

// pgLive is a hub fed by a listener on a schema of its own.
type pgLive struct {
	db       *sql.DB
	channel  string
	hub      *live.Hub
	sub      *live.Sub
	listener *live.Listener
	notifier *live.Notifier
}

func newPGLive(t *testing.T) *pgLive {
	t.Helper()
	_, url := testdb.NewSchema(t)
	ctx := context.Background()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p := &pgLive{db: db, hub: live.NewHub()}
	if p.channel, err = live.Channel(ctx, db); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	if p.listener, err = live.Listen(ctx, cfg, p.channel, live.NewRelay(p.hub, nil, nil), nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.listener.Close() })
	p.notifier = live.NewNotifier(db, p.channel, nil)
	t.Cleanup(func() { p.notifier.Close() })
	p.sub, _, _ = p.hub.Subscribe()
	return p
}

// change announces a new lead id as the store does once its transaction commits.
func (p *pgLive) change(t *testing.T, id int64) {
	t.Helper()
	p.notifier.Committed(models.LeadCreated{Lead: &models.Lead{ID: id, Version: 1}})
}

// next is the hub's next event; the wait guards against a hang, it measures nothing.
func (p *pgLive) next(t *testing.T) live.Event {
	t.Helper()
	select {
	case m := <-p.sub.C:
		return m.Event
	case <-time.After(20 * time.Second):
		t.Fatal("no event")
	}
	return live.Event{}
}

func TestListener(t *testing.T) {
	p := newPGLive(t)
	t.Run("CommittedChangesArrive", func(t *testing.T) {
		p.change(t, 2)
		if e := p.next(t); e.Name != "lead.created" || e.LeadID != 2 {
			t.Fatalf("got %+v, want lead 2's creation", e)
		}
	})
	t.Run("ABurstArrivesWholeAndInOrder", func(t *testing.T) {
		// Fewer than a subscriber's buffer, which a test reading behind would overflow.
		for id := int64(100); id < 125; id++ {
			p.change(t, id)
		}
		for id := int64(100); id < 125; id++ {
			if e := p.next(t); e.LeadID != id {
				t.Fatalf("got %+v, want lead %d", e, id)
			}
		}
	})
	t.Run("ReconnectsAndTellsPagesToRefresh", func(t *testing.T) {
		var n int
		err := p.db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = $1`,
			`LISTEN `+pgx.Identifier{p.channel}.Sanitize()).Scan(&n)
		if err != nil || n != 1 {
			t.Fatalf("terminated %d listeners, %v", n, err)
		}
		if e := p.next(t); e.Name != live.Refresh {
			t.Fatalf("after the reconnect: %+v, want refresh", e)
		}
		p.change(t, 3)
		if e := p.next(t); e.LeadID != 3 {
			t.Fatalf("after the reconnect: %+v, want lead 3", e)
		}
	})
	t.Run("CloseSendsWhatIsQueued", func(t *testing.T) {
		n := live.NewNotifier(p.db, p.channel, nil)
		n.Committed(models.LeadCreated{Lead: &models.Lead{ID: 4, Version: 1}})
		if err := n.Close(); err != nil {
			t.Fatal(err)
		}
		n.Committed(models.LeadCreated{Lead: &models.Lead{ID: 5, Version: 1}}) // after Close: dropped, no panic
		if e := p.next(t); e.LeadID != 4 {
			t.Fatalf("got %+v, want lead 4", e)
		}
	})
}
