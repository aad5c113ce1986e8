// Command leadline serves the Leadline site: a landing page with a lead form and the
// staff workspace, from one binary. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/leadline/leadline/internal/cli"
)

// version, commit and date are stamped by `make build` and `make release`
// (-ldflags "-X main.version=…"); a plain `go build .` leaves them empty and
// `leadline version` reads the revision from the Go build info instead.
var version, commit, date string

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{
		Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Version: version, Commit: commit, Date: date,
	})
	stop()
	os.Exit(code)
}
