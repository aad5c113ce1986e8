package models

import "testing"

func TestLeadPatch(t *testing.T) {
	cur := &Lead{Name: "Ada", Email: "ada@example.com", Status: StatusNew, Version: 4}
	str := func(s string) *string { return &s }
	t.Run("OnlyWhatIsSet", func(t *testing.T) {
		st := StatusWon
		owner := int64(7)
		p := LeadPatch{Company: str(" Engines "), Status: &st, OwnerSet: true, OwnerID: &owner, NextActionAt: str("2030-01-31")}
		p.Normalize()
		if err := p.Validate(cur); err != nil {
			t.Fatal(err)
		}
		l := *cur
		p.Apply(&l)
		if l.Name != "Ada" || l.Company != "Engines" || l.Status != StatusWon || *l.OwnerID != 7 || FormatDate(l.NextActionAt) != "2030-01-31" {
			t.Errorf("patched %+v", l)
		}
		p2 := LeadPatch{OwnerSet: true, NextActionAt: str("")}
		p2.Apply(&l)
		if l.OwnerID != nil || l.NextActionAt != nil || l.Status != StatusWon {
			t.Errorf("cleared %+v", l)
		}
	})
	for _, tc := range []struct {
		name  string
		p     LeadPatch
		field string
	}{
		{"ErrEmptyName", LeadPatch{Name: str("")}, "name"},
		{"ErrBadEmail", LeadPatch{Email: str("ada")}, "email"},
		{"ErrStatus", LeadPatch{Status: func() *Status { s := Status("archived"); return &s }()}, "status"},
		{"ErrDate", LeadPatch{NextActionAt: str("tomorrow")}, "next_action_at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ve := validationOf(tc.p.Validate(cur)); ve.Fields[tc.field] == "" {
				t.Errorf("no message for %s: %v", tc.field, ve.Fields)
			}
		})
	}
}

func TestStaffLead(t *testing.T) {
	s := StaffLead{LeadEdit: LeadEdit{LeadInput: LeadInput{Name: " Ada ", Email: "ada@example.com"}}, Status: StatusQualified,
		Attribution: Attribution{UTMSource: " partner "}}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	l := s.NewLead(3, nil)
	if l.Name != "Ada" || l.Status != StatusQualified || *l.CreatedBy != 3 || l.UTMSource != "partner" || l.Version != 1 {
		t.Errorf("lead %+v", l)
	}
	s.Status = "archived"
	if ve := validationOf(s.Validate()); ve.Fields["status"] != "Choose a status from the list" {
		t.Errorf("fields %v", ve.Fields)
	}
}
