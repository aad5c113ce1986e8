// Package clientip finds the address of the client behind trusted reverse proxies.
//
// Fiber's c.IP() with a proxy header returns the leftmost X-Forwarded-For entry, which
// the client itself writes: a proxy appends to the header, it does not replace it. The
// client is the rightmost entry that is not one of our own proxies.
package clientip

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Resolver knows which peers are our proxies.
type Resolver struct {
	trusted []netip.Prefix
}

// New parses the trusted proxies: CIDRs or single addresses.
func New(proxies []string) (*Resolver, error) {
	r := &Resolver{}
	for _, p := range proxies {
		if prefix, err := netip.ParsePrefix(p); err == nil {
			r.trusted = append(r.trusted, prefix.Masked())
			continue
		}
		addr, err := netip.ParseAddr(p)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is not an IP address or CIDR", p)
		}
		r.trusted = append(r.trusted, netip.PrefixFrom(addr, addr.BitLen()))
	}
	return r, nil
}

func (r *Resolver) isTrusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// IP is the client's address: the peer's, unless the peer is a trusted proxy, in which
// case the rightmost untrusted X-Forwarded-For entry.
func (r *Resolver) IP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	peer = peer.Unmap()
	if !r.isTrusted(peer) {
		return peer.String()
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			// A hop we cannot read: stop trusting the chain here.
			break
		}
		if !r.isTrusted(hop) {
			return hop.Unmap().String()
		}
	}
	return peer.String()
}
