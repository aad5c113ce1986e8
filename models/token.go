package models

import (
	"strings"
	"time"
)

// APIToken is a personal token for the JSON API. Only a hash of its secret is stored;
// the secret is shown once, when the token is made.
type APIToken struct {
	ID     int64  `gorm:"primaryKey"`
	UserID int64  `gorm:"not null"`
	Name   string `gorm:"not null"`
	// Prefix is the start of the secret, enough for its owner to tell tokens apart and
	// to find one in a leak report, too little to use.
	Prefix string `gorm:"not null"`
	// Hash is the secret's SHA-256 in hex. The secret has 256 random bits, so a fast
	// hash is enough: there is nothing to guess that a slow one would protect.
	Hash string `gorm:"not null"`
	// Epoch is the user's session epoch when the token was made. A password change, a
	// role change or a deactivation moves the user's epoch on and so ends the token, as
	// it ends the user's sessions.
	Epoch      int64 `gorm:"not null"`
	ExpiresAt  *time.Time
	LastUsedAt *time.Time
	CreatedAt  time.Time
}

// TableName is the tokens table.
func (APIToken) TableName() string { return "api_tokens" }

// TokenState is whether a token still opens the API.
type TokenState int

// The states of a token.
const (
	TokenActive TokenState = iota
	TokenExpired
	// TokenEnded is a token of an older session epoch: its user changed their
	// password, changed role or was deactivated since it was made.
	TokenEnded
)

// Label is the state as the tokens page shows it.
func (s TokenState) Label() string {
	switch s {
	case TokenExpired:
		return "Expired"
	case TokenEnded:
		return "Ended by a password or role change"
	}
	return "Active"
}

// StateFor is the token's state at now for a user whose session epoch is epoch.
func (t *APIToken) StateFor(now time.Time, epoch int64) TokenState {
	switch {
	case t.Epoch != epoch:
		return TokenEnded
	case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
		return TokenExpired
	}
	return TokenActive
}

// TokenExpiry is how long a new token lasts, as the tokens form offers it.
type TokenExpiry string

// The lifetimes a person may choose.
const (
	Expiry30Days  TokenExpiry = "30d"
	Expiry90Days  TokenExpiry = "90d"
	Expiry1Year   TokenExpiry = "365d"
	ExpiryNever   TokenExpiry = "never"
	DefaultExpiry             = Expiry90Days
)

// TokenExpiries lists the lifetimes in the order the form offers them.
func TokenExpiries() []TokenExpiry {
	return []TokenExpiry{Expiry30Days, Expiry90Days, Expiry1Year, ExpiryNever}
}

// Label is the lifetime as people read it.
func (e TokenExpiry) Label() string {
	switch e {
	case Expiry30Days:
		return "30 days"
	case Expiry90Days:
		return "90 days"
	case Expiry1Year:
		return "1 year"
	case ExpiryNever:
		return "No expiry"
	}
	return string(e)
}

// ExpiresAt is when a token made at now with this lifetime expires; nil for never.
func (e TokenExpiry) ExpiresAt(now time.Time) *time.Time {
	var d time.Duration
	switch e {
	case Expiry30Days:
		d = 30 * 24 * time.Hour
	case Expiry90Days:
		d = 90 * 24 * time.Hour
	case Expiry1Year:
		d = 365 * 24 * time.Hour
	default:
		return nil
	}
	t := now.Add(d).UTC()
	return &t
}

// Valid reports whether e is one of the lifetimes offered.
func (e TokenExpiry) Valid() bool {
	for _, v := range TokenExpiries() {
		if e == v {
			return true
		}
	}
	return false
}

// MaxTokenName is the longest token name, in characters.
const MaxTokenName = 100

// NewToken is what making a token on the tokens page takes.
type NewToken struct {
	Name   string
	Expiry TokenExpiry
}

// Normalize trims the name.
func (n *NewToken) Normalize() { n.Name = strings.TrimSpace(n.Name) }

// Validate checks the name and the lifetime.
func (n NewToken) Validate() error {
	var v ValidationError
	switch {
	case n.Name == "":
		v.Add("name", "Name the token after what will use it, like “CRM sync”")
	default:
		if msg := checkText("Name", n.Name, MaxTokenName, false); msg != "" {
			v.Add("name", msg)
		}
	}
	if !n.Expiry.Valid() {
		v.Add("expiry", "Choose how long the token lasts")
	}
	return v.Err()
}
