// Package config loads Leadline's settings from the environment and flags once, at start,
// and validates them so that a bad value stops the program with one clear line.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	// The zone database inside the binary: LEADLINE_TIMEZONE works on a server without
	// /usr/share/zoneinfo (a scratch container, a minimal VM).
	_ "time/tzdata"
)

// Config holds every setting of the server. It is a plain value, passed down to whatever
// needs it; nothing reads the environment after Load.
type Config struct {
	Addr           string
	DatabaseURL    string
	DataDir        string
	BaseURL        *url.URL
	TLSDomains     []string
	TLSCert        string
	TLSKey         string
	TrustedProxies []string
	SessionIdle    time.Duration
	SessionMax     time.Duration
	LogFormat      string
	// SMTPURL is the mail server (smtp://user:pass@host:port); nil sends no mail.
	SMTPURL *url.URL
	// MailFrom is the sender of Leadline's emails: the SMTP URL's from parameter, else
	// its user name when that is an address, else leadline@ the base URL's host.
	MailFrom string
	// NotifyTo is the team's address for new leads; "" sends none.
	NotifyTo string
	// Location is the site's time zone: "today", "due", the dashboard's days and the
	// daily digest follow it.
	Location *time.Location
	// MetricsAddr is where /metrics is served; "" (the default) serves no metrics. It
	// is never the public address, so visitors cannot read it.
	MetricsAddr string
	// WebhookAllowPrivate lets webhook endpoints resolve to loopback, private,
	// link-local and metadata addresses, which are refused by default (SSRF): for a
	// receiver on the same host or network, and for tests.
	WebhookAllowPrivate bool
	// Retention erases leads untouched for this long, daily; 0 (the default) never.
	Retention time.Duration
}

// Mail reports whether Leadline sends email.
func (c Config) Mail() bool { return c.SMTPURL != nil }

// Secure reports whether the site is served over HTTPS, which turns on Secure cookies and HSTS.
func (c Config) Secure() bool { return c.BaseURL.Scheme == "https" }

// TLS reports whether the binary terminates TLS itself.
func (c Config) TLS() bool { return len(c.TLSDomains) > 0 || c.TLSCert != "" }

// Postgres reports whether data and sessions live in PostgreSQL rather than the embedded files.
func (c Config) Postgres() bool { return c.DatabaseURL != "" }

// SQLitePath is the embedded database file.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "leadline.db") }

// Error is a bad setting. Its message names the setting, so main can print it as one line.
type Error struct {
	Setting string
	Reason  string
}

func (e *Error) Error() string { return e.Setting + ": " + e.Reason }

// setting describes one variable: its environment name; the flag is the same name in lower case.
type setting struct {
	env string
	def string
}

var settings = []setting{
	{"LEADLINE_ADDR", ""},
	{"DATABASE_URL", ""},
	{"LEADLINE_DATA_DIR", "./data"},
	{"LEADLINE_BASE_URL", "http://localhost:3000"},
	{"LEADLINE_TLS_DOMAINS", ""},
	{"LEADLINE_TLS_CERT", ""},
	{"LEADLINE_TLS_KEY", ""},
	{"LEADLINE_TRUSTED_PROXIES", ""},
	{"LEADLINE_SESSION_IDLE", "30m"},
	{"LEADLINE_SESSION_MAX", "12h"},
	{"LEADLINE_LOG_FORMAT", "text"},
	{"LEADLINE_SMTP_URL", ""},
	{"LEADLINE_NOTIFY_TO", ""},
	{"LEADLINE_METRICS_ADDR", ""},
	{"LEADLINE_TIMEZONE", "UTC"},
	{"LEADLINE_WEBHOOK_ALLOW_PRIVATE", "false"},
	{"LEADLINE_RETENTION", ""},
}

// Load reads the settings from getenv, lets flags of the same name in lower case
// (`-leadline_addr :8080`) override them, and validates the result.
func Load(args []string, getenv func(string) string) (Config, error) {
	fs := flag.NewFlagSet("leadline", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	load := Bind(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return load()
}

// Bind registers a flag for every setting on fs, so that a command can add flags of its
// own beside them. After fs.Parse, the returned function builds and validates the Config.
func Bind(fs *flag.FlagSet, getenv func(string) string) func() (Config, error) {
	values := make(map[string]*string, len(settings))
	for _, s := range settings {
		v := getenv(s.env)
		if v == "" {
			v = s.def
		}
		values[s.env] = fs.String(strings.ToLower(s.env), v, "sets "+s.env)
	}
	return func() (Config, error) {
		return build(getenv, func(name string) string { return strings.TrimSpace(*values[name]) })
	}
}

// builder reads and checks the settings one area at a time, collecting every bad one.
type builder struct {
	cfg         Config
	get, getenv func(string) string
	errs        []error
}

// bad records a bad setting; build reports them all, the first as the one line.
func (b *builder) bad(setting, format string, a ...any) {
	b.errs = append(b.errs, &Error{Setting: setting, Reason: fmt.Sprintf(format, a...)})
}

func build(getenv, get func(string) string) (Config, error) {
	b := &builder{get: get, getenv: getenv}
	b.listen()
	b.storage()
	b.baseURL()
	b.tls()
	b.proxies()
	b.sessions()
	b.mail()
	b.metrics()
	b.timezone()
	b.webhooks()
	b.retention()
	if len(b.errs) > 0 {
		// The first bad setting is the one line main prints; the rest follow in order.
		return Config{}, errors.Join(b.errs...)
	}
	return b.cfg, nil
}

// listen reads LEADLINE_ADDR (or PORT).
func (b *builder) listen() {
	b.cfg.Addr = b.get("LEADLINE_ADDR")
	if b.cfg.Addr == "" {
		b.cfg.Addr = ":3000"
		if port := strings.TrimSpace(b.getenv("PORT")); port != "" {
			b.cfg.Addr = ":" + port
		}
	}
	if _, port, err := net.SplitHostPort(b.cfg.Addr); err != nil || port == "" {
		b.bad("LEADLINE_ADDR", "%q is not a host:port listen address", b.cfg.Addr)
	}
}

// storage reads DATABASE_URL and LEADLINE_DATA_DIR.
func (b *builder) storage() {
	b.cfg.DatabaseURL = b.get("DATABASE_URL")
	if b.cfg.DatabaseURL != "" {
		u, err := url.Parse(b.cfg.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			b.bad("DATABASE_URL", "must be a postgres:// URL")
		}
	}
	b.cfg.DataDir = b.get("LEADLINE_DATA_DIR")
	if b.cfg.DataDir == "" {
		b.bad("LEADLINE_DATA_DIR", "must not be empty")
	}
}

// baseURL reads LEADLINE_BASE_URL; a bad one leaves a placeholder so that the other
// checks can run and report too.
func (b *builder) baseURL() {
	raw := b.get("LEADLINE_BASE_URL")
	base, err := url.Parse(raw)
	switch {
	case err != nil || base.Host == "":
		b.bad("LEADLINE_BASE_URL", "%q is not an absolute URL", raw)
		base = &url.URL{Scheme: "http", Host: "localhost:3000"}
	case base.Scheme != "http" && base.Scheme != "https":
		b.bad("LEADLINE_BASE_URL", "must start with http:// or https://")
	case base.Path != "" && base.Path != "/":
		b.bad("LEADLINE_BASE_URL", "must not have a path; Leadline is served at the root of its host")
	}
	base.Path = ""
	b.cfg.BaseURL = base
}

// tls reads LEADLINE_TLS_DOMAINS, LEADLINE_TLS_CERT and LEADLINE_TLS_KEY.
func (b *builder) tls() {
	b.cfg.TLSDomains = splitList(b.get("LEADLINE_TLS_DOMAINS"))
	for _, d := range b.cfg.TLSDomains {
		if strings.ContainsAny(d, "/:* ") {
			b.bad("LEADLINE_TLS_DOMAINS", "%q is not a host name", d)
		}
	}
	b.cfg.TLSCert, b.cfg.TLSKey = b.get("LEADLINE_TLS_CERT"), b.get("LEADLINE_TLS_KEY")
	if (b.cfg.TLSCert == "") != (b.cfg.TLSKey == "") {
		b.bad("LEADLINE_TLS_CERT", "LEADLINE_TLS_CERT and LEADLINE_TLS_KEY must be set together")
	}
	if len(b.cfg.TLSDomains) > 0 && b.cfg.TLSCert != "" {
		b.bad("LEADLINE_TLS_DOMAINS", "set either LEADLINE_TLS_DOMAINS (ACME) or LEADLINE_TLS_CERT/KEY, not both")
	}
	if b.cfg.TLS() && b.cfg.BaseURL.Scheme != "https" {
		b.bad("LEADLINE_BASE_URL", "must be https:// when Leadline serves TLS itself")
	}
}

// proxies reads LEADLINE_TRUSTED_PROXIES.
func (b *builder) proxies() {
	b.cfg.TrustedProxies = splitList(b.get("LEADLINE_TRUSTED_PROXIES"))
	for _, p := range b.cfg.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				b.bad("LEADLINE_TRUSTED_PROXIES", "%q is not an IP address or CIDR", p)
			}
		}
	}
}

// sessions reads the session timeouts and the log format.
func (b *builder) sessions() {
	b.cfg.SessionIdle = duration(b.get("LEADLINE_SESSION_IDLE"), "LEADLINE_SESSION_IDLE", b.bad)
	b.cfg.SessionMax = duration(b.get("LEADLINE_SESSION_MAX"), "LEADLINE_SESSION_MAX", b.bad)
	if b.cfg.SessionIdle > 0 && b.cfg.SessionMax > 0 && b.cfg.SessionIdle > b.cfg.SessionMax {
		b.bad("LEADLINE_SESSION_IDLE", "must not be longer than LEADLINE_SESSION_MAX")
	}
	b.cfg.LogFormat = strings.ToLower(b.get("LEADLINE_LOG_FORMAT"))
	if b.cfg.LogFormat != "text" && b.cfg.LogFormat != "json" {
		b.bad("LEADLINE_LOG_FORMAT", "must be text or json, not %q", b.cfg.LogFormat)
	}
}

// mail reads LEADLINE_SMTP_URL (and the sender it implies) and LEADLINE_NOTIFY_TO.
func (b *builder) mail() {
	if raw := b.get("LEADLINE_SMTP_URL"); raw != "" {
		u, err := url.Parse(raw)
		switch {
		case err != nil || u.Scheme != "smtp" || u.Hostname() == "":
			b.bad("LEADLINE_SMTP_URL", "must look like smtp://user:pass@host:port")
		case u.Port() != "" && !validPort(u.Port()):
			b.bad("LEADLINE_SMTP_URL", "the port %q is not a number from 1 to 65535", u.Port())
		default:
			b.cfg.SMTPURL = u
			b.cfg.MailFrom = mailFrom(u, b.cfg.BaseURL)
			if _, err := mail.ParseAddress(b.cfg.MailFrom); err != nil {
				b.bad("LEADLINE_SMTP_URL", "the sender %q is not an email address; set ?from=leads@example.com", b.cfg.MailFrom)
			}
		}
	}
	b.cfg.NotifyTo = b.get("LEADLINE_NOTIFY_TO")
	if b.cfg.NotifyTo != "" {
		if a, err := mail.ParseAddress(b.cfg.NotifyTo); err != nil || !strings.Contains(a.Address, "@") {
			b.bad("LEADLINE_NOTIFY_TO", "%q is not an email address", b.cfg.NotifyTo)
		} else if b.get("LEADLINE_SMTP_URL") == "" {
			b.bad("LEADLINE_NOTIFY_TO", "needs LEADLINE_SMTP_URL, the mail server to send through")
		}
	}
}

// metrics reads LEADLINE_METRICS_ADDR, which must not share the public port.
func (b *builder) metrics() {
	b.cfg.MetricsAddr = b.get("LEADLINE_METRICS_ADDR")
	if b.cfg.MetricsAddr == "" {
		return
	}
	if _, port, err := net.SplitHostPort(b.cfg.MetricsAddr); err != nil || port == "" {
		b.bad("LEADLINE_METRICS_ADDR", "%q is not a host:port listen address", b.cfg.MetricsAddr)
	} else if public, clash := clashes(b.cfg.MetricsAddr, b.cfg.publicAddrs()); clash {
		b.bad("LEADLINE_METRICS_ADDR", "%q would share the public port of %s; metrics must listen apart (for example 127.0.0.1:9090)", b.cfg.MetricsAddr, public)
	}
}

// timezone reads LEADLINE_TIMEZONE, an IANA name (the zone database is in the binary).
func (b *builder) timezone() {
	tz := b.get("LEADLINE_TIMEZONE")
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "" || strings.EqualFold(tz, "local") {
		b.bad("LEADLINE_TIMEZONE", "%q is not an IANA time zone name such as UTC or Europe/Berlin", tz)
		loc = time.UTC
	}
	b.cfg.Location = loc
}

// webhooks reads LEADLINE_WEBHOOK_ALLOW_PRIVATE, true or false: a guard against SSRF is
// not turned off by a typo, nor left on by one without saying so.
func (b *builder) webhooks() {
	raw := b.get("LEADLINE_WEBHOOK_ALLOW_PRIVATE")
	v, err := strconv.ParseBool(raw)
	if err != nil {
		b.bad("LEADLINE_WEBHOOK_ALLOW_PRIVATE", "must be true or false, not %q", raw)
		return
	}
	b.cfg.WebhookAllowPrivate = v
}

// MinRetention is the shortest LEADLINE_RETENTION taken: a shorter one is a typo
// (730m for 730d) that would erase the week's leads, so it stops the start instead.
const MinRetention = 24 * time.Hour

// retention reads LEADLINE_RETENTION: days ("730d") or a Go duration ("720h").
func (b *builder) retention() {
	raw := b.get("LEADLINE_RETENTION")
	if raw == "" {
		return
	}
	d, err := parseRetention(raw)
	switch {
	case err != nil:
		b.bad("LEADLINE_RETENTION", "%q is not a duration such as 730d or 720h", raw)
	case d < MinRetention:
		b.bad("LEADLINE_RETENTION", "%q is shorter than a day; leads would be erased while still being worked", raw)
	default:
		b.cfg.Retention = d
	}
}

// parseRetention reads a whole number of days ("730d") or a Go duration.
func parseRetention(raw string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(raw, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 || n > 100*366 {
			return 0, errors.New("not a number of days")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(raw)
}

// publicAddrs are the addresses visitors reach: LEADLINE_ADDR, or :443 and :80 with ACME.
func (c Config) publicAddrs() []string {
	if len(c.TLSDomains) > 0 {
		return []string{":443", ":80"}
	}
	return []string{c.Addr}
}

// clashes reports the first of public that addr would listen on too: the same port on
// the same host, or on any host when either side listens on every interface. Port 0
// (the system picks a free one) never clashes.
func clashes(addr string, public []string) (string, bool) {
	host, port, _ := net.SplitHostPort(addr)
	for _, p := range public {
		phost, pport, err := net.SplitHostPort(p)
		if err != nil || port != pport || port == "0" {
			continue
		}
		if host == phost || anyHost(host) || anyHost(phost) {
			return p, true
		}
	}
	return "", false
}

// anyHost reports whether a listen host means every interface.
func anyHost(h string) bool { return h == "" || h == "0.0.0.0" || h == "::" }

// mailFrom is the sender: ?from=, else the SMTP user when it is an address, else
// leadline@ the site's host.
func mailFrom(smtp, base *url.URL) string {
	if from := smtp.Query().Get("from"); from != "" {
		return from
	}
	if user := smtp.User.Username(); strings.Contains(user, "@") {
		return user
	}
	return "leadline@" + base.Hostname()
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

func duration(raw, setting string, bad func(string, string, ...any)) time.Duration {
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		bad(setting, "%q is not a positive duration such as 30m or 12h", raw)
		return 0
	}
	return d
}

func splitList(raw string) []string {
	var out []string
	for _, p := range strings.Split(raw, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
