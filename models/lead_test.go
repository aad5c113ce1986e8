package models

import (
	"errors"
	"strings"
	"testing"
)

func TestLeadInputValidate(t *testing.T) {
	ok := LeadInput{Name: "Ada", Email: "ada@example.com"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid input: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(*LeadInput)
		field string
	}{
		{"ErrNameRequired", func(in *LeadInput) { in.Name = "" }, "name"},
		{"ErrNameTooLong", func(in *LeadInput) { in.Name = strings.Repeat("a", MaxName+1) }, "name"},
		{"ErrEmailRequired", func(in *LeadInput) { in.Email = "" }, "email"},
		{"ErrEmailFormat", func(in *LeadInput) { in.Email = "ada@" }, "email"},
		{"ErrEmailDisplayName", func(in *LeadInput) { in.Email = "Ada <ada@example.com>" }, "email"},
		{"ErrEmailTooLong", func(in *LeadInput) { in.Email = strings.Repeat("a", 250) + "@x.io" }, "email"},
		{"ErrPhoneLetters", func(in *LeadInput) { in.Phone = "0800 CALL ME" }, "phone"},
		{"ErrInvalidUTF8", func(in *LeadInput) { in.Company = "\xc3\x28" }, "company"},
		{"ErrControlChar", func(in *LeadInput) { in.Message = "hi\x07" }, "message"},
		{"ErrMessageTooLong", func(in *LeadInput) { in.Message = strings.Repeat("x", MaxMessage+1) }, "message"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.edit(&in)
			err := in.Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Fields[tc.field] == "" {
				t.Fatalf("want a message for %s, got %v", tc.field, err)
			}
			if len(ve.Fields) != 1 {
				t.Errorf("other fields flagged: %v", ve.Fields)
			}
		})
	}
	t.Run("OKMultilineMessageAndIntlPhone", func(t *testing.T) {
		in := ok
		in.Message = "line 1\r\nline 2\tend"
		in.Phone = "+1 (555) 010-0199 x12"
		if err := in.Validate(); err != nil {
			t.Error(err)
		}
	})
	t.Run("OKCountsCharactersNotBytes", func(t *testing.T) {
		in := ok
		in.Name = strings.Repeat("ü", MaxName)
		if err := in.Validate(); err != nil {
			t.Error(err)
		}
	})
}

func TestSubmissionNormalizeTrimsAttribution(t *testing.T) {
	s := Submission{LeadInput: LeadInput{Name: " Ada "}, Attribution: Attribution{UTMSource: " \t=cmd ", Referrer: "\u00a0https://x.example/ ", LandingPath: " / "}}
	s.Normalize()
	if s.Name != "Ada" || s.UTMSource != "=cmd" || s.Referrer != "https://x.example/" || s.LandingPath != "/" {
		t.Errorf("%+v", s)
	}
}

func TestNormalizeAndOrder(t *testing.T) {
	in := LeadInput{Name: "  Ada ", Email: " ada@example.com\n"}
	in.Normalize()
	if in.Name != "Ada" || in.Email != "ada@example.com" {
		t.Errorf("%+v", in)
	}
	err := LeadInput{}.Validate()
	var ve *ValidationError
	if !errors.As(err, &ve) || strings.Join(ve.Order, ",") != "name,email" {
		t.Errorf("order: %v", err)
	}
}

func TestAttributionClip(t *testing.T) {
	a := Attribution{UTMSource: strings.Repeat("é", MaxUTM+10), LandingPath: "/"}.Clip()
	if len([]rune(a.UTMSource)) != MaxUTM || a.LandingPath != "/" {
		t.Errorf("clip: %d", len([]rune(a.UTMSource)))
	}
	s := Submission{LeadInput: LeadInput{Name: "A", Email: "a@b.co"}, Attribution: Attribution{UTMCampaign: strings.Repeat("c", MaxUTM+1)}}
	var ve *ValidationError
	if err := s.Validate(); !errors.As(err, &ve) || ve.Fields["utm_campaign"] == "" {
		t.Errorf("over-long utm accepted: %v", err)
	}
	l := Submission{LeadInput: LeadInput{Name: "A", Email: "a@b.co"}}.NewLead("key")
	if l.Status != StatusNew || l.Version != 1 || l.FormKey == nil || *l.FormKey != "key" {
		t.Errorf("new lead: %+v", l)
	}
}

func TestStatus(t *testing.T) {
	for _, s := range Statuses() {
		if !s.Valid() {
			t.Errorf("%s invalid", s)
		}
	}
	if Status("archived").Valid() {
		t.Error("unknown status valid")
	}
}
