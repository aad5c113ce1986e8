// Command seed adds many varied leads to the database Leadline is configured for
// (DATABASE_URL, or the SQLite file under LEADLINE_DATA_DIR), for load tests and
// benchmarks at scale. It runs the migrations first, as the server would.
//
//	go run ./scripts/seed -n 1000000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/seed"
	"github.com/leadline/leadline/internal/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	n := fs.Int("n", 100_000, "how many leads to add")
	rnd := fs.Uint64("seed", 1, "picks the leads: the same seed and -n give the same leads")
	days := fs.Int("days", 730, "leads are created over this many days before now")
	load := config.Bind(fs, os.Getenv)
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	cfg, err := load()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, store.Options{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if err := seed.Leads(ctx, st, seed.Options{N: *n, Seed: *rnd, Now: time.Now(), Days: *days}); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "seed: added %d leads to %s in %v\n", *n, st.Dialect(), time.Since(start).Round(time.Millisecond))
	return nil
}
