// Command smtpsink is an SMTP server that takes every message and keeps only a count,
// for the load test of POST /leads with notifications on (scripts/load-notify.sh). With
// -delay it answers each message that much later, as a slow or distant server does.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/leadline/leadline/internal/mailtest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2525", "listen address")
	delay := flag.Duration("delay", 0, "wait this long before answering each message")
	flag.Parse()
	srv, err := mailtest.Listen(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "smtpsink:", err)
		os.Exit(1)
	}
	srv.Delay(*delay)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1)
	for s := range stop {
		fmt.Println("messages", len(srv.Messages()))
		if s != syscall.SIGUSR1 {
			break
		}
	}
	srv.Close()
}
