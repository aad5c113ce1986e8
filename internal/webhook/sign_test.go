package webhook

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignVerify(t *testing.T) {
	secret := NewSecret()
	if !strings.HasPrefix(secret, "whsec_") || len(secret) != len("whsec_")+43 || secret == NewSecret() {
		t.Fatalf("secret %q", secret)
	}
	at := time.Unix(1_800_000_000, 0)
	body := []byte(`{"event":"lead.created"}`)
	header := Sign(secret, at, body)
	if !strings.HasPrefix(header, "t=1800000000,v1=") || len(header) != len("t=1800000000,v1=")+64 {
		t.Fatalf("header %q", header)
	}
	for _, tc := range []struct {
		name   string
		secret string
		header string
		body   string
		now    time.Time
		want   error
	}{
		{"OK", secret, header, string(body), at.Add(time.Minute), nil},
		{"OKBeforeReceiverClock", secret, header, string(body), at.Add(-time.Minute), nil},
		{"ExtraSignatureForRotation", secret, "t=1800000000,v1=00," + header[len("t=1800000000,"):], string(body), at, nil},
		{"ErrStale", secret, header, string(body), at.Add(Tolerance + time.Second), ErrStale},
		{"ErrBodyChanged", secret, header, `{"event":"lead.deleted"}`, at, ErrBadSignature},
		{"ErrOtherSecret", NewSecret(), header, string(body), at, ErrBadSignature},
		{"ErrTimestampChanged", secret, strings.Replace(header, "t=1800000000", "t=1800000001", 1), string(body), at, ErrBadSignature},
		{"ErrNoHeader", secret, "", string(body), at, ErrNoSignature},
		{"ErrNoV1", secret, "t=1800000000", string(body), at, ErrNoSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Verify(tc.secret, tc.header, []byte(tc.body), tc.now, Tolerance); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestSignKnownVector pins the signature to what the README's shell line computes:
// printf '%s.%s' 1800000000 '{}' | openssl dgst -sha256 -hmac whsec_x
func TestSignKnownVector(t *testing.T) {
	got := Sign("whsec_x", time.Unix(1_800_000_000, 0), []byte("{}"))
	if want := "t=1800000000,v1=98e27452f1257e24daa43f3b2f78ff62e0643d1ae31e4f960956d6831f1e4e8c"; got != want {
		t.Fatalf("%s, want %s", got, want)
	}
}
