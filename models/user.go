package models

import (
	"strings"
	"time"
)

// Role is what a staff user may do.
type Role string

// Roles.
const (
	RoleAdmin Role = "admin"
	RoleStaff Role = "staff"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleStaff }

// Password limits in bytes. bcrypt reads only the first 72 bytes and refuses longer
// input, so longer passwords are refused rather than silently cut.
const (
	MinPassword = 12
	MaxPassword = 72
)

// User is a member of the sales staff.
type User struct {
	ID           int64  `gorm:"primaryKey"`
	Email        string `gorm:"not null"`
	Name         string `gorm:"not null"`
	PasswordHash string `gorm:"not null"`
	Role         Role   `gorm:"not null"`
	Active       bool   `gorm:"not null"`
	// SessionEpoch changes whenever the user's sessions must end: a password change, a
	// deactivation, a role change. A session remembers the epoch it was made in.
	SessionEpoch int64 `gorm:"not null"`
	LastLoginAt  *time.Time
	// TimeZone is the IANA zone the user reads dates in; "" follows the site's zone.
	TimeZone  string `gorm:"not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsAdmin reports whether the user may manage staff accounts.
func (u *User) IsAdmin() bool { return u.Role == RoleAdmin }

// NewUser is what creating a user takes.
type NewUser struct {
	Email    string
	Name     string
	Role     Role
	Password string
}

// Normalize trims the fields and lower-cases the email.
func (n *NewUser) Normalize() {
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
}

// Validate checks the new user's fields and password.
func (n NewUser) Validate() error {
	var v ValidationError
	switch {
	case n.Email == "":
		v.Add("email", "Enter an email address")
	case checkText("Email address", n.Email, MaxEmail, false) != "":
		v.Add("email", checkText("Email address", n.Email, MaxEmail, false))
	case !validEmail(n.Email):
		v.Add("email", "Enter an email address in the correct format, like name@example.com")
	}
	switch {
	case n.Name == "":
		v.Add("name", "Enter a name")
	case checkText("Name", n.Name, MaxName, false) != "":
		v.Add("name", checkText("Name", n.Name, MaxName, false))
	}
	if !n.Role.Valid() {
		v.Add("role", "Choose admin or staff")
	}
	if msg := CheckPassword(n.Password); msg != "" {
		v.Add("password", msg)
	}
	return v.Err()
}

// CheckPassword returns why a password is not acceptable, or "".
func CheckPassword(p string) string {
	switch {
	case len(p) < MinPassword:
		return "Use a password of at least 12 characters"
	case len(p) > MaxPassword:
		return "Use a password of at most 72 bytes (bcrypt ignores the rest)"
	case strings.TrimSpace(p) == "":
		return "A password cannot be only spaces"
	}
	return ""
}
