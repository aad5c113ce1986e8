package models

import (
	"strings"
	"time"
)

// Field limits, in characters. The landing form, the workspace and the API share them.
const (
	MaxName        = 200
	MaxEmail       = 254
	MaxCompany     = 200
	MaxPhone       = 50
	MaxMessage     = 5000
	MaxUTM         = 200
	MaxReferrer    = 2000
	MaxLandingPath = 2000
)

// Lead is one enquiry, from the landing form or entered by staff.
type Lead struct {
	ID          int64  `gorm:"primaryKey"`
	Name        string `gorm:"not null"`
	Email       string `gorm:"not null"`
	Company     string `gorm:"not null"`
	Phone       string `gorm:"not null"`
	Message     string `gorm:"not null"`
	Status      Status `gorm:"not null"`
	UTMSource   string `gorm:"column:utm_source;not null"`
	UTMMedium   string `gorm:"column:utm_medium;not null"`
	UTMCampaign string `gorm:"column:utm_campaign;not null"`
	Referrer    string `gorm:"not null"`
	LandingPath string `gorm:"not null"`
	// FormKey is the one-time key the landing form carries; a unique index on it makes
	// a double submit or a retry store one lead. Leads entered by staff have none.
	FormKey *string
	// OwnerID is the staff user working the lead, if any.
	OwnerID *int64
	// CreatedBy is the staff user who entered the lead by hand; nil for the landing form.
	CreatedBy *int64
	// NextActionAt is the follow-up date (midnight UTC), if any.
	NextActionAt *time.Time
	// ConsentText is the consent line the visitor read on the form, ConsentAt when they
	// sent it; empty and nil for leads entered by staff.
	ConsentText string `gorm:"not null"`
	ConsentAt   *time.Time
	// ErasedAt is when the lead's personal data was erased (see Erasure); the row stays
	// for the counts and can no longer be edited.
	ErasedAt  *time.Time
	Version   int `gorm:"not null"`
	CreatedAt time.Time
	UpdatedAt time.Time

	// Read with the lead, never written: the owner's name and the earliest lead with
	// the same email, when this one repeats it.
	OwnerName string `gorm:"->;-:migration"`
	RepeatOf  *int64 `gorm:"->;-:migration"`
}

// LeadInput is what a person may set on a lead through a form: the contact fields only.
// Status, owner and id never come from here, so a visitor cannot set them.
type LeadInput struct {
	Name    string
	Email   string
	Company string
	Phone   string
	Message string
}

// Normalize trims surrounding white space, which people paste by accident.
func (in *LeadInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.TrimSpace(in.Email)
	in.Company = strings.TrimSpace(in.Company)
	in.Phone = strings.TrimSpace(in.Phone)
	in.Message = strings.TrimSpace(in.Message)
}

// Validate checks the input against the lead's rules and returns a *ValidationError
// naming each bad field, or nil.
func (in LeadInput) Validate() error {
	var v ValidationError
	in.validateInto(&v)
	return v.Err()
}

func (in LeadInput) validateInto(v *ValidationError) {
	switch {
	case in.Name == "":
		v.Add("name", "Enter your name")
	default:
		if msg := checkText("Name", in.Name, MaxName, false); msg != "" {
			v.Add("name", msg)
		}
	}
	switch {
	case in.Email == "":
		v.Add("email", "Enter your email address")
	default:
		if msg := checkText("Email address", in.Email, MaxEmail, false); msg != "" {
			v.Add("email", msg)
		} else if !validEmail(in.Email) {
			v.Add("email", "Enter an email address in the correct format, like name@example.com")
		}
	}
	if msg := checkText("Company", in.Company, MaxCompany, false); msg != "" {
		v.Add("company", msg)
	}
	if msg := checkText("Phone", in.Phone, MaxPhone, false); msg != "" {
		v.Add("phone", msg)
	} else if in.Phone != "" && strings.Trim(in.Phone, "0123456789+-()./ x") != "" {
		v.Add("phone", "Phone must contain only digits, spaces and + - ( ) .")
	}
	if msg := checkText("Message", in.Message, MaxMessage, true); msg != "" {
		v.Add("message", msg)
	}
}

// Attribution says where a visitor came from: the UTM parameters of the page they landed
// on, the site that sent them and the path they landed on.
type Attribution struct {
	UTMSource   string
	UTMMedium   string
	UTMCampaign string
	Referrer    string
	LandingPath string
}

// Clip shortens every field to its limit. Attribution is read from URLs a visitor does
// not control, so an over-long one is cut on the way into the form, not refused.
func (a Attribution) Clip() Attribution {
	a.UTMSource = clip(a.UTMSource, MaxUTM)
	a.UTMMedium = clip(a.UTMMedium, MaxUTM)
	a.UTMCampaign = clip(a.UTMCampaign, MaxUTM)
	a.Referrer = clip(a.Referrer, MaxReferrer)
	a.LandingPath = clip(a.LandingPath, MaxLandingPath)
	return a
}

// Normalize trims surrounding white space from every field.
func (a *Attribution) Normalize() {
	a.UTMSource = strings.TrimSpace(a.UTMSource)
	a.UTMMedium = strings.TrimSpace(a.UTMMedium)
	a.UTMCampaign = strings.TrimSpace(a.UTMCampaign)
	a.Referrer = strings.TrimSpace(a.Referrer)
	a.LandingPath = strings.TrimSpace(a.LandingPath)
}

func (a Attribution) validateInto(v *ValidationError) {
	for _, f := range []struct {
		name, label, value string
		max                int
	}{
		{"utm_source", "Campaign source", a.UTMSource, MaxUTM},
		{"utm_medium", "Campaign medium", a.UTMMedium, MaxUTM},
		{"utm_campaign", "Campaign name", a.UTMCampaign, MaxUTM},
		{"referrer", "Referrer", a.Referrer, MaxReferrer},
		{"landing_path", "Landing path", a.LandingPath, MaxLandingPath},
	} {
		if msg := checkText(f.label, f.value, f.max, false); msg != "" {
			v.Add(f.name, msg)
		}
	}
}

// Submission is a lead as the landing form posts it.
type Submission struct {
	LeadInput
	Attribution
}

// Normalize trims the contact fields and the attribution alike: white space around a
// UTM value or a path is never meant, and left in place it would hide a formula in an
// export behind a space.
func (s *Submission) Normalize() {
	s.LeadInput.Normalize()
	s.Attribution.Normalize()
}

// Validate checks the contact fields and the attribution fields.
func (s Submission) Validate() error {
	var v ValidationError
	s.LeadInput.validateInto(&v)
	s.Attribution.validateInto(&v)
	return v.Err()
}

// NewLead builds the lead a valid submission stores: status new, version 1.
func (s Submission) NewLead(formKey string) *Lead {
	l := &Lead{
		Name:        s.Name,
		Email:       s.Email,
		Company:     s.Company,
		Phone:       s.Phone,
		Message:     s.Message,
		Status:      StatusNew,
		UTMSource:   s.UTMSource,
		UTMMedium:   s.UTMMedium,
		UTMCampaign: s.UTMCampaign,
		Referrer:    s.Referrer,
		LandingPath: s.LandingPath,
		Version:     1,
	}
	if formKey != "" {
		l.FormKey = &formKey
	}
	return l
}

// clip cuts s to at most max characters, on a character boundary.
func clip(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return s[:i]
		}
		n++
	}
	return s
}
