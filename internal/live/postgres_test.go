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
	p.sub, _, _ = p.hub.Subscribe()
	return p
}

// change runs the Notifier for a new lead id in a transaction that commits or not.
func (p *pgLive) change(t *testing.T, id int64, commit bool) {
	t.Helper()
	tx, err := p.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := (live.Notifier{Channel: p.channel}).OnChange(context.Background(), tx, models.LeadCreated{Lead: &models.Lead{ID: id, Version: 1}}); err != nil {
		t.Fatal(err)
	}
	if commit {
		err = tx.Commit()
	} else {
		err = tx.Rollback()
	}
	if err != nil {
		t.Fatal(err)
	}
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
	t.Run("OnlyCommittedChangesArrive", func(t *testing.T) {
		p.change(t, 1, false)
		p.change(t, 2, true)
		// Notifications of one session arrive in order: had the rolled-back one been
		// sent, it would come first.
		if e := p.next(t); e.Name != "lead.created" || e.LeadID != 2 {
			t.Fatalf("got %+v, want lead 2's creation only", e)
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
		p.change(t, 3, true)
		if e := p.next(t); e.LeadID != 3 {
			t.Fatalf("after the reconnect: %+v, want lead 3", e)
		}
	})
}
