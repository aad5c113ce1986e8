package handlers

import (
	"sync"
	"time"
)

// zoneCache keeps the zones users chose, loaded once each: time.LoadLocation reads
// the zone database (embedded in the binary) on every call, and every workspace page
// needs the reader's zone.
type zoneCache struct {
	m sync.Map // name → *time.Location
}

// load returns the zone named name.
func (z *zoneCache) load(name string) (*time.Location, error) {
	if loc, ok := z.m.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	z.m.Store(name, loc)
	return loc, nil
}
