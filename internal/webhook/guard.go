// Package webhook sends Leadline's events to other systems: the guard that keeps
// deliveries off internal addresses (SSRF), the HTTP client built on it, the signature
// and its verification, and the bodies (signed JSON, or a Slack message).
package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"

	"github.com/leadline/leadline/models"
)

// refusedRanges are the addresses a webhook must not reach unless private addresses
// are allowed, each with the reason a person reads. netip's own tests (IsLoopback,
// IsPrivate, …) cover most; these add the special ranges they do not, and name cloud
// metadata services first, since they are the prize of an SSRF.
var refusedRanges = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("169.254.169.254/32"), "a cloud metadata address"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "a cloud metadata address"},
	{netip.MustParsePrefix("0.0.0.0/8"), "an unspecified address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a private address (shared address space)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "a reserved address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a reserved address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
	{netip.MustParsePrefix("100::/64"), "a reserved address"},
}

// Refusal says why a webhook may not be sent to ip ("a loopback address"), or "" when
// it may. An IPv4 address inside IPv6 (::ffff:a.b.c.d, NAT64's 64:ff9b::/96, 6to4's
// 2002::/16) is judged by the IPv4 address it carries, which is where it leads.
func Refusal(ip netip.Addr) string {
	if !ip.IsValid() {
		return "not an address"
	}
	ip = embeddedV4(ip.Unmap())
	for _, r := range refusedRanges {
		if r.prefix.Contains(ip) {
			return r.reason
		}
	}
	switch {
	case ip.IsUnspecified():
		return "an unspecified address"
	case ip.IsLoopback():
		return "a loopback address"
	case ip.IsPrivate():
		return "a private address"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "a link-local address"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "a multicast address"
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "a broadcast address"
	}
	return ""
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// embeddedV4 is the IPv4 address that a NAT64 or 6to4 address leads to, else ip.
func embeddedV4(ip netip.Addr) netip.Addr {
	b := ip.As16()
	switch {
	case !ip.Is6():
		return ip
	case nat64.Contains(ip):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
	}
	return ip
}

// Resolver finds a host's addresses; *net.Resolver is one, tests pass a fake.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Guard keeps webhooks off internal addresses, unless AllowPrivate
// (LEADLINE_WEBHOOK_ALLOW_PRIVATE) lifts it. It checks twice: the URL when an admin
// saves it (CheckURL, for a clear message), and every connection when it is made
// (Control, in the client's dialer), so that a name which resolves elsewhere by
// delivery time (DNS rebinding) still cannot reach an internal address.
type Guard struct {
	AllowPrivate bool
	// Resolver is nil for the system's.
	Resolver Resolver
}

// URLError is why an endpoint's URL is refused, in words for the admin.
type URLError struct{ Message string }

func (e *URLError) Error() string { return e.Message }

// ErrRefusedAddress is the dialer's refusal of an internal address.
var ErrRefusedAddress = errors.New("refused to connect")

// CheckURL checks an endpoint's URL: its shape (models.CheckWebhookURL) and, unless
// private addresses are allowed, that every address its host resolves to is public.
// A host that does not resolve is refused too: nothing could be delivered to it.
func (g Guard) CheckURL(ctx context.Context, raw string) error {
	if msg := models.CheckWebhookURL(raw); msg != "" {
		return &URLError{Message: msg}
	}
	if g.AllowPrivate {
		return nil
	}
	u, _ := url.Parse(raw) // CheckWebhookURL parsed it
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		if why := Refusal(ip); why != "" {
			return refusedURL(host, ip, why)
		}
		return nil
	}
	var r Resolver = net.DefaultResolver
	if g.Resolver != nil {
		r = g.Resolver
	}
	ips, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil || len(ips) == 0 {
		return &URLError{Message: fmt.Sprintf("The host %s cannot be found: check the URL", host)}
	}
	for _, ip := range ips {
		if why := Refusal(ip); why != "" {
			return refusedURL(host, ip, why)
		}
	}
	return nil
}

func refusedURL(host string, ip netip.Addr, why string) error {
	where := host
	if host != ip.String() {
		where = fmt.Sprintf("%s resolves to %s, which", host, ip)
	}
	return &URLError{Message: fmt.Sprintf(
		"%s is %s. Webhooks are not sent to loopback, private, link-local or metadata addresses unless LEADLINE_WEBHOOK_ALLOW_PRIVATE=true",
		where, why)}
}

// Control is the dialer's check of the address it is about to connect to, after DNS:
// an internal one is refused with ErrRefusedAddress.
func (g Guard) Control(network, address string, _ syscall.RawConn) error {
	if g.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s is not an address", ErrRefusedAddress, address)
	}
	if why := Refusal(ap.Addr()); why != "" {
		return fmt.Errorf("%w: %s is %s", ErrRefusedAddress, ap.Addr(), why)
	}
	return nil
}
