package models

import (
	"errors"
	"math/rand/v2"
	"net/url"
	"strconv"
	"testing"
)

// me is the signed-in user's id the tests parse "owner=me" with.
const me = 42

// parseQuery reads a filter from a raw query string, as the list does.
func parseQuery(raw string) (LeadFilter, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return LeadFilter{}, err
	}
	return ParseLeadFilter(q.Get, me)
}

func TestParseLeadFilter(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			want  LeadFilter
		}{
			{"", DefaultLeadFilter()},
			{"q=+ada+&status=won", LeadFilter{Query: "ada", Status: StatusWon, Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}},
			{"owner=me", LeadFilter{Owner: OwnerMe, OwnerID: me, Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}},
			{"owner=none", LeadFilter{Owner: OwnerNobody, OwnerNone: true, Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}},
			{"owner=007", LeadFilter{Owner: "7", OwnerID: 7, Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}},
			{"due=on&sort=name&page=3&per_page=10", LeadFilter{Due: true, Sort: SortName, Page: 3, PerPage: 10}},
			{"status=&owner=&due=&sort=-created&page=&per_page=", DefaultLeadFilter()},
		} {
			got, err := parseQuery(tc.query)
			if err != nil {
				t.Errorf("%q: %v", tc.query, err)
			} else if got != tc.want {
				t.Errorf("%q: got %+v, want %+v", tc.query, got, tc.want)
			}
		}
	})

	for name, query := range map[string]string{
		"ErrStatus":      "status=archived",
		"ErrOwner":       "owner=someone",
		"ErrOwnerZero":   "owner=0",
		"ErrDue":         "due=maybe",
		"ErrSort":        "sort=price",
		"ErrPageZero":    "page=0",
		"ErrPerPageHigh": "per_page=101",
		"ErrQueryUTF8":   "q=%FF",
	} {
		t.Run(name, func(t *testing.T) {
			got, err := parseQuery(query)
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 {
				t.Fatalf("%q: want one field message, got %v", query, err)
			}
			if got != DefaultLeadFilter() {
				t.Errorf("%q: a refused filter came back as %+v, not the default", query, got)
			}
		})
	}
}

func TestLeadFilterEncode(t *testing.T) {
	for _, tc := range []struct {
		f    LeadFilter
		want string
	}{
		{DefaultLeadFilter(), ""},
		{LeadFilter{}, ""},
		{LeadFilter{Status: StatusNew}, "status=new"},
		{LeadFilter{OwnerID: 5}, "owner=5"},
		{LeadFilter{OwnerNone: true}, "owner=none"},
		{LeadFilter{Owner: OwnerMe, OwnerID: me}, "owner=me"},
		{LeadFilter{Query: "100% a&b", Due: true, Sort: SortStatus, Page: 2, PerPage: 50}, "due=1&page=2&per_page=50&q=100%25+a%26b&sort=status"},
	} {
		if got := tc.f.Encode(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.f, got, tc.want)
		}
	}
}

// TestLeadFilterRoundTrip checks that every filter the list can hold reads back from
// its own query unchanged: the links, the address bar and the export carry it whole.
func TestLeadFilterRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(options ...string) string { return options[r.IntN(len(options))] }
	for range 2000 {
		f := DefaultLeadFilter()
		f.Query = pick("", "ada", "100%", "a_b", "Zoë & co", "x=y?z#w", "+1 555")
		f.Status = Status(pick(append([]string{""}, statusNames()...)...))
		switch pick("", "me", "none", "id") {
		case "me":
			f.Owner, f.OwnerID = OwnerMe, me
		case "none":
			f.Owner, f.OwnerNone = OwnerNobody, true
		case "id":
			f.OwnerID = r.Int64N(1<<40) + 1
			f.Owner = strconv.FormatInt(f.OwnerID, 10)
		}
		f.Due = r.IntN(2) == 1
		f.Sort = LeadSorts()[r.IntN(len(LeadSorts()))]
		f.Page = r.IntN(maxPage) + 1
		f.PerPage = r.IntN(MaxPerPage) + 1
		got, err := parseQuery(f.Encode())
		if err != nil {
			t.Fatalf("%+v: its query %q is refused: %v", f, f.Encode(), err)
		}
		if got != f {
			t.Fatalf("%+v came back as %+v (query %q)", f, got, f.Encode())
		}
	}
}

func statusNames() []string {
	var out []string
	for _, s := range Statuses() {
		out = append(out, string(s))
	}
	return out
}

// FuzzParseLeadFilter feeds the list's parameters anything: parsing never panics, and
// whatever it accepts goes back into a query that reads as the same filter.
func FuzzParseLeadFilter(f *testing.F) {
	f.Add("ada", "new", "me", "1", "name", "2", "10")
	f.Add(" 100% ", "", "none", "", "-created", "", "")
	f.Add("", "won", "007", "on", "status", "1", "100")
	f.Add("\xff", "archived", "-1", "maybe", "price", "0", "101")
	f.Fuzz(func(t *testing.T, q, status, owner, due, sort, page, perPage string) {
		params := map[string]string{
			paramQuery: q, paramStatus: status, paramOwner: owner, paramDue: due,
			paramSort: sort, paramPage: page, paramPerPage: perPage,
		}
		got, err := ParseLeadFilter(func(k string) string { return params[k] }, me)
		if err != nil {
			return
		}
		again, err := parseQuery(got.Encode())
		if err != nil {
			t.Fatalf("%+v: its query %q is refused: %v", got, got.Encode(), err)
		}
		if again != got {
			t.Fatalf("%+v came back as %+v (query %q)", got, again, got.Encode())
		}
	})
}
