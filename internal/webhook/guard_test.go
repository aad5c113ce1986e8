package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestRefusal(t *testing.T) {
	for _, tc := range []struct {
		ip, why string
	}{
		{"127.0.0.1", "a loopback address"},
		{"127.8.9.10", "a loopback address"},
		{"::1", "a loopback address"},
		{"10.1.2.3", "a private address"},
		{"172.16.0.1", "a private address"},
		{"172.31.255.255", "a private address"},
		{"192.168.1.10", "a private address"},
		{"fd12:3456::1", "a private address"},
		{"fc00::1", "a private address"},
		{"100.64.0.1", "a private address (shared address space)"},
		{"169.254.169.254", "a cloud metadata address"},
		{"fd00:ec2::254", "a cloud metadata address"},
		{"169.254.10.1", "a link-local address"},
		{"fe80::1", "a link-local address"},
		{"0.0.0.0", "an unspecified address"},
		{"0.1.2.3", "an unspecified address"},
		{"::", "an unspecified address"},
		{"224.0.0.1", "a link-local address"},
		{"239.1.2.3", "a multicast address"},
		{"ff02::1", "a link-local address"},
		{"ff05::2", "a multicast address"},
		{"255.255.255.255", "a reserved address"},
		{"240.0.0.1", "a reserved address"},
		{"198.18.0.1", "a reserved address"},
		// IPv4 inside IPv6 leads where its IPv4 address does.
		{"::ffff:127.0.0.1", "a loopback address"},
		{"::ffff:10.0.0.1", "a private address"},
		{"::ffff:169.254.169.254", "a cloud metadata address"},
		{"64:ff9b::a9fe:a9fe", "a cloud metadata address"},
		{"64:ff9b::7f00:1", "a loopback address"},
		{"2002:c0a8:0101::1", "a private address"},
		// Public addresses pass.
		{"93.184.216.34", ""},
		{"8.8.8.8", ""},
		{"172.32.0.1", ""},
		{"::ffff:93.184.216.34", ""},
		{"2606:4700:4700::1111", ""},
		{"64:ff9b::808:808", ""},
	} {
		if got := Refusal(netip.MustParseAddr(tc.ip)); got != tc.why {
			t.Errorf("%s: %q, want %q", tc.ip, got, tc.why)
		}
	}
	if Refusal(netip.Addr{}) == "" {
		t.Error("the zero address passes")
	}
}

// fakeResolver answers from a table; a missing host does not resolve.
type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	ips, ok := f[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	out := make([]netip.Addr, 0, len(ips))
	for _, ip := range ips {
		out = append(out, netip.MustParseAddr(ip))
	}
	return out, nil
}

var hosts = fakeResolver{
	"hooks.example.com": {"93.184.216.34", "2606:2800:220:1::1"},
	"localhost":         {"127.0.0.1", "::1"},
	"mixed.example.com": {"93.184.216.34", "10.0.0.5"},
	"metadata.internal": {"169.254.169.254"},
}

func TestCheckURL(t *testing.T) {
	g := Guard{Resolver: hosts}
	for _, tc := range []struct {
		url, msg string
	}{
		{"https://hooks.example.com/leadline", ""},
		{"http://hooks.example.com:8080/x?y=1", ""},
		{"https://93.184.216.34/hook", ""},
		{"", "Enter the URL"},
		{"ftp://hooks.example.com/", "starting with https:// or http://"},
		{"hooks.example.com/x", "starting with https:// or http://"},
		{"https:///nohost", "starting with https:// or http://"},
		{"https://hooks.example.com/#frag", "#fragment"},
		{"http://localhost:3000/hook", "localhost resolves to 127.0.0.1, which is a loopback address. Webhooks are not sent to loopback, private, link-local or metadata addresses unless LEADLINE_WEBHOOK_ALLOW_PRIVATE=true"},
		{"http://127.0.0.1/hook", "127.0.0.1 is a loopback address"},
		{"http://[::1]/hook", "::1 is a loopback address"},
		{"http://[::ffff:7f00:1]/hook", "is a loopback address"},
		{"http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"},
		{"http://metadata.internal/", "resolves to 169.254.169.254, which is a cloud metadata address"},
		{"https://mixed.example.com/", "resolves to 10.0.0.5, which is a private address"},
		{"https://nowhere.example.com/", "The host nowhere.example.com cannot be found"},
	} {
		err := g.CheckURL(context.Background(), tc.url)
		var ue *URLError
		switch {
		case tc.msg == "" && err != nil:
			t.Errorf("%s: %v", tc.url, err)
		case tc.msg != "" && (!errors.As(err, &ue) || !strings.Contains(ue.Message, tc.msg)):
			t.Errorf("%s: %v, want %q", tc.url, err, tc.msg)
		}
	}
	allow := Guard{AllowPrivate: true, Resolver: hosts}
	if err := allow.CheckURL(context.Background(), "http://localhost:3000/hook"); err != nil {
		t.Errorf("allowed private: %v", err)
	}
	if err := allow.CheckURL(context.Background(), "gopher://localhost/"); err == nil {
		t.Error("allowed private still takes only http and https")
	}
}

// TestDialRefusesPrivate: the client refuses at dial time, whatever the URL's check
// said, so a name that resolves to an internal address by delivery time gets nowhere.
func TestDialRefusesPrivate(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits++ }))
	defer srv.Close()
	d := Delivery{URL: srv.URL, Secret: "s", Event: "lead.created", ID: "1", Body: []byte("{}")}

	status, err := Send(context.Background(), NewClient(Guard{}), d)
	if !errors.Is(err, ErrRefusedAddress) || status != 0 || hits != 0 {
		t.Fatalf("status %d, err %v, %d hits", status, err, hits)
	}
	if !strings.Contains(err.Error(), "127.0.0.1 is a loopback address") {
		t.Errorf("error %q", err)
	}
	if status, err := Send(context.Background(), NewClient(Guard{AllowPrivate: true}), d); err != nil || status != 200 || hits != 1 {
		t.Fatalf("allowed: %d %v, %d hits", status, err, hits)
	}
}

// TestNoRedirects: a 3xx is a failed delivery, and its target is not requested.
func TestNoRedirects(t *testing.T) {
	followed := false
	mux := http.NewServeMux()
	mux.HandleFunc("/hook", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/elsewhere", func(http.ResponseWriter, *http.Request) { followed = true })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	status, err := Send(context.Background(), NewClient(Guard{AllowPrivate: true}), Delivery{URL: srv.URL + "/hook", Body: []byte("{}")})
	if status != http.StatusTemporaryRedirect || err == nil || !strings.Contains(err.Error(), "do not follow redirects") || followed {
		t.Fatalf("%d %v followed=%v", status, err, followed)
	}
}

// FuzzCheckURL: whatever an admin types, the check answers with a message or nil,
// never panics, and never lets a URL through that is not http(s) with a host.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://hooks.example.com/x", "http://127.0.0.1", "http://[::ffff:10.0.0.1]:80/", "http://0x7f.1/", "https://a@b/", "//x", "http://%zz"} {
		f.Add(s)
	}
	g := Guard{Resolver: hosts}
	f.Fuzz(func(t *testing.T, raw string) {
		err := g.CheckURL(context.Background(), raw)
		if err == nil && !strings.HasPrefix(raw, "http://") && !strings.HasPrefix(raw, "https://") &&
			!strings.HasPrefix(strings.ToLower(raw), "http") {
			t.Fatalf("accepted %q", raw)
		}
		var ue *URLError
		if err != nil && (!errors.As(err, &ue) || ue.Message == "") {
			t.Fatalf("%q: %v is not a message for people", raw, err)
		}
	})
}
