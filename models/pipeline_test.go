package models

import (
	"errors"
	"testing"
)

func TestParseLeadFilterPages(t *testing.T) {
	cases := []struct {
		name          string
		query         map[string]string
		page, perPage int
		errField      string
	}{
		{"Defaults", nil, 1, DefaultPerPage, ""},
		{"OK", map[string]string{"page": "3", "per_page": "100"}, 3, 100, ""},
		{"ErrPageZero", map[string]string{"page": "0"}, 0, 0, "page"},
		{"ErrPageNotANumber", map[string]string{"page": "two"}, 0, 0, "page"},
		{"ErrPerPageOverMax", map[string]string{"per_page": "101"}, 0, 0, "per_page"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseLeadFilter(func(k string) string { return tc.query[k] }, 7)
			var ve *ValidationError
			switch {
			case tc.errField != "":
				if !errors.As(err, &ve) || ve.Fields[tc.errField] == "" {
					t.Errorf("err %v, want a message for %s", err, tc.errField)
				}
			case err != nil || f.Page != tc.page || f.PerPage != tc.perPage:
				t.Errorf("page %d per page %d err %v, want %d %d", f.Page, f.PerPage, err, tc.page, tc.perPage)
			}
		})
	}
}
