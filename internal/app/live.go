package app

import (
	"context"
	"log/slog"

	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/live"
	"github.com/leadline/leadline/internal/store"
)

// newLive builds the live updates and hooks them into the store. On PostgreSQL each
// committed change is NOTIFYed and every instance's listener feeds its own hub; on
// SQLite there is one instance, and the store hands each committed change to the hub.
func newLive(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) (*live.Live, error) {
	hub := live.NewHub()
	relay := live.NewRelay(hub, st, log)
	if st.Dialect() != store.Postgres {
		st.AddAfterCommit(relay.Committed)
		return live.New(hub, nil, nil), nil
	}
	channel, err := live.Channel(ctx, st.SQLDB())
	if err != nil {
		return nil, err
	}
	pgCfg, err := store.PgxConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	l, err := live.Listen(ctx, pgCfg, channel, relay, log)
	if err != nil {
		return nil, err
	}
	n := live.NewNotifier(st.SQLDB(), channel, log)
	st.AddAfterCommit(n.Committed)
	return live.New(hub, n, l), nil
}
