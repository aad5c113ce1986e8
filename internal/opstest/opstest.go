// Package opstest holds the tests that treat Leadline as an operator does: they build
// bin/leadline with `go build`, run it as separate processes, and check what the
// README promises about running it — a lone binary in an empty directory, two
// instances on one PostgreSQL, a backup taken while it serves, the systemd unit.
// It has no code of its own outside its tests.
package opstest
