package models

import "strings"

// StaffLead is a lead entered by staff, through the workspace's form or the API: the
// editable fields, a status, and where the lead came from when staff know it. The
// owner is checked against the staff accounts by the caller, which can read them.
type StaffLead struct {
	LeadEdit
	Attribution
	Status Status
}

// Normalize trims every text field.
func (s *StaffLead) Normalize() {
	s.LeadInput.Normalize()
	s.NextActionAt = strings.TrimSpace(s.NextActionAt)
	s.Attribution.Normalize()
}

// Validate checks the fields as the landing form and the edit form do, and the status.
func (s StaffLead) Validate() error {
	v := validationOf(s.LeadEdit.Validate())
	s.Attribution.validateInto(v)
	if !s.Status.Valid() {
		v.Add("status", "Choose a status from the list")
	}
	return v.Err()
}

// NewLead builds the lead a valid StaffLead stores, at version 1, entered by createdBy
// and owned by owner (nil for nobody).
func (s StaffLead) NewLead(createdBy int64, owner *int64) *Lead {
	l := &Lead{
		Status:      s.Status,
		OwnerID:     owner,
		CreatedBy:   &createdBy,
		UTMSource:   s.UTMSource,
		UTMMedium:   s.UTMMedium,
		UTMCampaign: s.UTMCampaign,
		Referrer:    s.Referrer,
		LandingPath: s.LandingPath,
		Version:     1,
	}
	s.LeadEdit.Apply(l)
	return l
}

// LeadPatch is a change of some of a lead's fields (the API's PATCH): a nil field stays
// as it is. OwnerSet says whether the owner changes; OwnerID nil then means nobody.
// NextActionAt "" clears the follow-up date.
type LeadPatch struct {
	Name, Email, Company, Phone, Message *string
	Status                               *Status
	NextActionAt                         *string
	OwnerSet                             bool
	OwnerID                              *int64
}

// Normalize trims the text fields that are set.
func (p *LeadPatch) Normalize() {
	for _, s := range []*string{p.Name, p.Email, p.Company, p.Phone, p.Message, p.NextActionAt} {
		if s != nil {
			*s = strings.TrimSpace(*s)
		}
	}
}

// Validate checks the lead as it would be after the patch, with the rules of the edit
// form: the fields the patch leaves alone were valid when they were stored.
func (p LeadPatch) Validate(cur *Lead) error {
	e := EditOf(cur)
	p.applyToEdit(&e)
	v := validationOf(e.Validate())
	if p.Status != nil && !p.Status.Valid() {
		v.Add("status", "Choose a status from the list")
	}
	return v.Err()
}

// Apply writes the patch onto l (validate first).
func (p LeadPatch) Apply(l *Lead) {
	e := EditOf(l)
	p.applyToEdit(&e)
	e.Apply(l)
	if p.Status != nil {
		l.Status = *p.Status
	}
	if p.OwnerSet {
		l.OwnerID = p.OwnerID
	}
}

func (p LeadPatch) applyToEdit(e *LeadEdit) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&e.Name, p.Name)
	set(&e.Email, p.Email)
	set(&e.Company, p.Company)
	set(&e.Phone, p.Phone)
	set(&e.Message, p.Message)
	set(&e.NextActionAt, p.NextActionAt)
}

// EditOf is the lead's editable fields as its edit form shows them.
func EditOf(l *Lead) LeadEdit {
	return LeadEdit{
		LeadInput:    LeadInput{Name: l.Name, Email: l.Email, Company: l.Company, Phone: l.Phone, Message: l.Message},
		NextActionAt: FormatDate(l.NextActionAt),
	}
}

// validationOf returns the validation error in err, or an empty one to add to.
func validationOf(err error) *ValidationError {
	if ve, ok := err.(*ValidationError); ok {
		return ve
	}
	return &ValidationError{}
}
