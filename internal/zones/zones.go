// Package zones lists the IANA time zones a user may choose from. The names come from
// the zone database Go ships (generated into names.go); the binary embeds that
// database (time/tzdata), so every name loads on a server without one.
package zones

//go:generate go run gen.go

import (
	"slices"
	_ "time/tzdata" // every listed zone loads without the host's zone database
)

// Names returns the zone names, sorted; the caller may keep the slice.
func Names() []string { return slices.Clone(names) }
