package views

import "testing"

func TestLeadView(t *testing.T) {
	t.Run("ParamRoundTrips", func(t *testing.T) {
		for _, v := range []LeadView{ViewPage, ViewRow, ViewCard} {
			if got := ParseLeadView(v.Param()); got != v {
				t.Errorf("%v: Param %q reads back as %v", v, v.Param(), got)
			}
		}
	})
	t.Run("AnythingElseIsThePage", func(t *testing.T) {
		for _, s := range []string{"", "page", "Row", "CARD", "row ", "table"} {
			if got := ParseLeadView(s); got != ViewPage {
				t.Errorf("ParseLeadView(%q) = %v, want the page", s, got)
			}
		}
	})
	t.Run("WithView", func(t *testing.T) {
		for _, tc := range []struct {
			v    LeadView
			want string
		}{
			{ViewPage, "/app/leads/7"},
			{ViewRow, "/app/leads/7?view=row"},
			{ViewCard, "/app/leads/7?view=card"},
		} {
			if got := withView("/app/leads/7", tc.v); got != tc.want {
				t.Errorf("%v: %q, want %q", tc.v, got, tc.want)
			}
		}
	})
}
