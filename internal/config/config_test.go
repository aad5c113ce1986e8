package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	cfg, err := Load(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":3000" || cfg.DataDir != "./data" || cfg.BaseURL.String() != "http://localhost:3000" ||
		cfg.SessionIdle != 30*time.Minute || cfg.SessionMax != 12*time.Hour || cfg.LogFormat != "text" ||
		cfg.Postgres() || cfg.Secure() || cfg.TLS() {
		t.Errorf("defaults: %+v", cfg)
	}
	if cfg.SQLitePath() != "data/leadline.db" {
		t.Errorf("SQLite path %q", cfg.SQLitePath())
	}
}

func TestPortAndFlags(t *testing.T) {
	cfg, err := Load(nil, env(map[string]string{"PORT": "8080"}))
	if err != nil || cfg.Addr != ":8080" {
		t.Errorf("PORT: %q %v", cfg.Addr, err)
	}
	cfg, err = Load([]string{"-leadline_addr", ":9000"}, env(map[string]string{"LEADLINE_ADDR": ":7000", "PORT": "8080"}))
	if err != nil || cfg.Addr != ":9000" {
		t.Errorf("a flag should win over the environment: %q %v", cfg.Addr, err)
	}
	cfg, err = Load(nil, env(map[string]string{"LEADLINE_BASE_URL": "https://leads.example.com/", "LEADLINE_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1"}))
	if err != nil || !cfg.Secure() || len(cfg.TrustedProxies) != 2 {
		t.Errorf("https base: %+v %v", cfg, err)
	}
}

func TestBadSettingsNameThemselves(t *testing.T) {
	cases := map[string]map[string]string{
		"LEADLINE_ADDR":                  {"LEADLINE_ADDR": "3000"},
		"DATABASE_URL":                   {"DATABASE_URL": "mysql://x"},
		"LEADLINE_BASE_URL":              {"LEADLINE_BASE_URL": "localhost"},
		"LEADLINE_TRUSTED_PROXIES":       {"LEADLINE_TRUSTED_PROXIES": "not-an-ip"},
		"LEADLINE_SESSION_IDLE":          {"LEADLINE_SESSION_IDLE": "forever"},
		"LEADLINE_SESSION_MAX":           {"LEADLINE_SESSION_MAX": "-1h"},
		"LEADLINE_LOG_FORMAT":            {"LEADLINE_LOG_FORMAT": "xml"},
		"LEADLINE_SMTP_URL":              {"LEADLINE_SMTP_URL": "http://mail"},
		"LEADLINE_NOTIFY_TO":             {"LEADLINE_NOTIFY_TO": "team", "LEADLINE_SMTP_URL": "smtp://mail.example:25"},
		"LEADLINE_TIMEZONE":              {"LEADLINE_TIMEZONE": "Mars/Olympus"},
		"LEADLINE_TLS_CERT":              {"LEADLINE_TLS_CERT": "cert.pem", "LEADLINE_BASE_URL": "https://x.example"},
		"LEADLINE_TLS_DOMAINS":           {"LEADLINE_TLS_DOMAINS": "x.example/path", "LEADLINE_BASE_URL": "https://x.example"},
		"LEADLINE_METRICS_ADDR":          {"LEADLINE_METRICS_ADDR": "9090"},
		"LEADLINE_WEBHOOK_ALLOW_PRIVATE": {"LEADLINE_WEBHOOK_ALLOW_PRIVATE": "yes please"},
		"LEADLINE_RETENTION":             {"LEADLINE_RETENTION": "two years"},
	}
	for setting, vars := range cases {
		t.Run(setting, func(t *testing.T) {
			_, err := Load(nil, env(vars))
			var ce *Error
			if !errors.As(err, &ce) || ce.Setting != setting {
				t.Fatalf("error %v does not name %s", err, setting)
			}
			if strings.Contains(ce.Error(), "\n") {
				t.Errorf("not one line: %q", ce.Error())
			}
		})
	}
	if _, err := Load(nil, env(map[string]string{"LEADLINE_TLS_DOMAINS": "x.example"})); err == nil {
		t.Error("TLS with an http:// base URL was accepted")
	}
	if _, err := Load([]string{"-no_such_flag"}, env(nil)); err == nil {
		t.Error("an unknown flag was accepted")
	}
}

func TestMetricsAddr(t *testing.T) {
	cfg, err := Load(nil, env(nil))
	if err != nil || cfg.MetricsAddr != "" {
		t.Fatalf("metrics should be off by default: %q %v", cfg.MetricsAddr, err)
	}
	for _, vars := range []map[string]string{
		{"LEADLINE_METRICS_ADDR": "127.0.0.1:9090"},
		{"LEADLINE_METRICS_ADDR": ":9090", "LEADLINE_ADDR": ":3000"},
		{"LEADLINE_METRICS_ADDR": "127.0.0.1:3000", "LEADLINE_ADDR": "10.0.0.5:3000"},
		{"LEADLINE_METRICS_ADDR": "127.0.0.1:0", "LEADLINE_ADDR": "127.0.0.1:0"},
	} {
		cfg, err := Load(nil, env(vars))
		if err != nil || cfg.MetricsAddr != vars["LEADLINE_METRICS_ADDR"] {
			t.Errorf("%v: %q %v", vars, cfg.MetricsAddr, err)
		}
	}
	// The public port never serves metrics: the same address, or the same port where
	// either side listens on every interface, is refused.
	for _, vars := range []map[string]string{
		{"LEADLINE_METRICS_ADDR": ":3000"},
		{"LEADLINE_METRICS_ADDR": "127.0.0.1:3000"},
		{"LEADLINE_METRICS_ADDR": "0.0.0.0:8080", "LEADLINE_ADDR": "127.0.0.1:8080"},
		{"LEADLINE_METRICS_ADDR": "127.0.0.1:8080", "PORT": "8080"},
		{"LEADLINE_METRICS_ADDR": ":443", "LEADLINE_TLS_DOMAINS": "x.example", "LEADLINE_BASE_URL": "https://x.example"},
		{"LEADLINE_METRICS_ADDR": "127.0.0.1:80", "LEADLINE_TLS_DOMAINS": "x.example", "LEADLINE_BASE_URL": "https://x.example"},
	} {
		_, err := Load(nil, env(vars))
		var ce *Error
		if !errors.As(err, &ce) || ce.Setting != "LEADLINE_METRICS_ADDR" || !strings.Contains(ce.Reason, "public port") {
			t.Errorf("%v: got %v, want a refusal naming LEADLINE_METRICS_ADDR", vars, err)
		}
	}
}

func TestMailSettings(t *testing.T) {
	t.Run("SenderFromTheURL", func(t *testing.T) {
		cfg, err := Load(nil, env(map[string]string{"LEADLINE_SMTP_URL": "smtp://u:p@mail.example:587?from=leads@example.com", "LEADLINE_NOTIFY_TO": "team@example.com"}))
		if err != nil || !cfg.Mail() || cfg.MailFrom != "leads@example.com" || cfg.NotifyTo != "team@example.com" {
			t.Fatalf("%+v %v", cfg, err)
		}
	})
	t.Run("SenderIsTheUserWhenAnAddress", func(t *testing.T) {
		cfg, err := Load(nil, env(map[string]string{"LEADLINE_SMTP_URL": "smtp://bot%40example.com:p@mail.example"}))
		if err != nil || cfg.MailFrom != "bot@example.com" {
			t.Fatalf("%q %v", cfg.MailFrom, err)
		}
	})
	t.Run("SenderOnTheSiteHost", func(t *testing.T) {
		cfg, err := Load(nil, env(map[string]string{"LEADLINE_SMTP_URL": "smtp://mail.example", "LEADLINE_BASE_URL": "https://leads.example.com"}))
		if err != nil || cfg.MailFrom != "leadline@leads.example.com" {
			t.Fatalf("%q %v", cfg.MailFrom, err)
		}
	})
	t.Run("NoMail", func(t *testing.T) {
		cfg, err := Load(nil, env(nil))
		if err != nil || cfg.Mail() || cfg.Location != time.UTC {
			t.Fatalf("%+v %v", cfg, err)
		}
	})
	for _, bad := range []map[string]string{
		{"LEADLINE_SMTP_URL": "smtp://mail.example:99999"},
		{"LEADLINE_SMTP_URL": "smtp://mail.example?from=not-an-address"},
		{"LEADLINE_NOTIFY_TO": "team@example.com"}, // no server to send through
	} {
		if _, err := Load(nil, env(bad)); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

func TestTimeZone(t *testing.T) {
	cfg, err := Load(nil, env(map[string]string{"LEADLINE_TIMEZONE": "Europe/Berlin"}))
	if err != nil || cfg.Location.String() != "Europe/Berlin" {
		t.Fatalf("%v %v", cfg.Location, err)
	}
	for _, bad := range []string{"Local", "Europe/Nowhere", "+02:00"} {
		_, err := Load(nil, env(map[string]string{"LEADLINE_TIMEZONE": bad}))
		var ce *Error
		if !errors.As(err, &ce) || ce.Setting != "LEADLINE_TIMEZONE" {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestWebhookAllowPrivate(t *testing.T) {
	cfg, err := Load(nil, env(nil))
	if err != nil || cfg.WebhookAllowPrivate {
		t.Fatalf("default: %v %v", cfg.WebhookAllowPrivate, err)
	}
	cfg, err = Load(nil, env(map[string]string{"LEADLINE_WEBHOOK_ALLOW_PRIVATE": "true"}))
	if err != nil || !cfg.WebhookAllowPrivate {
		t.Fatalf("true: %v %v", cfg.WebhookAllowPrivate, err)
	}
	_, err = Load(nil, env(map[string]string{"LEADLINE_WEBHOOK_ALLOW_PRIVATE": "on"}))
	if err == nil || err.Error() != `LEADLINE_WEBHOOK_ALLOW_PRIVATE: must be true or false, not "on"` {
		t.Fatalf("bad value: %v", err)
	}
}

func TestRetention(t *testing.T) {
	for raw, want := range map[string]time.Duration{"": 0, "730d": 730 * 24 * time.Hour, "720h": 720 * time.Hour} {
		cfg, err := Load(nil, env(map[string]string{"LEADLINE_RETENTION": raw}))
		if err != nil || cfg.Retention != want {
			t.Errorf("%q: %v %v, want %v", raw, cfg.Retention, err, want)
		}
	}
	for _, bad := range []string{"730", "0d", "-5d", "12h", "730m", "1.5d", "d"} {
		_, err := Load(nil, env(map[string]string{"LEADLINE_RETENTION": bad}))
		var ce *Error
		if !errors.As(err, &ce) || ce.Setting != "LEADLINE_RETENTION" || !strings.Contains(ce.Error(), bad) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
