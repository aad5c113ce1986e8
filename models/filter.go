package models

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// LeadSort orders the lead list.
type LeadSort string

// The list's orders.
const (
	SortNewest   LeadSort = "-created"
	SortOldest   LeadSort = "created"
	SortName     LeadSort = "name"
	SortNameDesc LeadSort = "-name"
	SortStatus   LeadSort = "status"
)

// LeadSorts lists the orders, the default first.
func LeadSorts() []LeadSort {
	return []LeadSort{SortNewest, SortOldest, SortName, SortNameDesc, SortStatus}
}

// Page sizes of the list.
const (
	DefaultPerPage = 25
	MaxPerPage     = 100
	maxQuery       = 200
	maxPage        = 1_000_000
)

// The owner choices of the filter besides a user's id.
const (
	OwnerMe     = "me"
	OwnerNobody = "none"
)

// The query parameters of the list, its CSV and the API.
const (
	paramQuery   = "q"
	paramStatus  = "status"
	paramOwner   = "owner"
	paramDue     = "due"
	paramSort    = "sort"
	paramPage    = "page"
	paramPerPage = "per_page"
)

// LeadFilter selects and orders leads: the list, its CSV and the API share it. It comes
// from a URL (ParseLeadFilter) and goes back into one (Encode): links to other pages and
// orders, the address bar and the export all carry the filter as it was read.
type LeadFilter struct {
	// Query matches a substring of name, email, company or message, case-insensitively;
	// % and _ match themselves.
	Query  string
	Status Status // "" for any
	// Owner is the owner choice as the URL carries it: "" for anyone, OwnerMe,
	// OwnerNobody or a user's id. It is kept as chosen, so that a link with "me" means
	// whoever follows it, not the user who made it.
	Owner string
	// OwnerID is the user Owner selects (the signed-in user for OwnerMe); OwnerNone
	// selects the leads nobody owns. The store reads these.
	OwnerID   int64
	OwnerNone bool
	// Due selects leads whose follow-up date is today or past.
	Due     bool
	Sort    LeadSort
	Page    int // from 1
	PerPage int
}

// DefaultLeadFilter is every lead, newest first, on the first page.
func DefaultLeadFilter() LeadFilter {
	return LeadFilter{Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}
}

// Offset is the number of leads before the page.
func (f LeadFilter) Offset() int { return (f.Page - 1) * f.PerPage }

// Narrowed reports whether the filter leaves any lead out (the order and the page
// leave none out).
func (f LeadFilter) Narrowed() bool {
	return f.Query != "" || f.Status != "" || f.ownerParam() != "" || f.Due
}

// ParseLeadFilter reads the list's query parameters (q, status, owner, due, sort, page,
// per_page). owner may be a user id, "me" (meID) or "none". Unknown values are refused
// with a message per parameter, rather than silently showing something else; the
// filter returned with the error is the default one.
func ParseLeadFilter(get func(string) string, meID int64) (LeadFilter, error) {
	f := DefaultLeadFilter()
	var v ValidationError
	f.Query = strings.TrimSpace(get(paramQuery))
	if msg := checkText("Search", f.Query, maxQuery, false); msg != "" {
		v.Add(paramQuery, msg)
	}
	if s := Status(get(paramStatus)); s != "" {
		if !s.Valid() {
			v.Add(paramStatus, "Choose a status from the list")
		}
		f.Status = s
	}
	f.parseOwner(get(paramOwner), meID, &v)
	switch get(paramDue) {
	case "", "0", "false":
	case "1", "true", "on":
		f.Due = true
	default:
		v.Add(paramDue, "Due is 1 or empty")
	}
	if s := LeadSort(get(paramSort)); s != "" {
		if !slices.Contains(LeadSorts(), s) {
			v.Add(paramSort, "Choose an order from the list")
		}
		f.Sort = s
	}
	f.Page = parseCount(get(paramPage), f.Page, maxPage, paramPage, "Page is a whole number from 1", &v)
	f.PerPage = parseCount(get(paramPerPage), f.PerPage, MaxPerPage, paramPerPage, "Per page is a whole number from 1 to 100", &v)
	if err := v.Err(); err != nil {
		return DefaultLeadFilter(), err
	}
	return f, nil
}

// parseOwner reads the owner choice. An id is kept in its plain decimal form, so that
// "007" and "7" make the same link.
func (f *LeadFilter) parseOwner(owner string, meID int64, v *ValidationError) {
	switch owner {
	case "":
	case OwnerMe:
		f.Owner, f.OwnerID = owner, meID
	case OwnerNobody:
		f.Owner, f.OwnerNone = owner, true
	default:
		id, err := strconv.ParseInt(owner, 10, 64)
		if err != nil || id <= 0 {
			v.Add(paramOwner, "Choose an owner from the list")
			return
		}
		f.Owner, f.OwnerID = strconv.FormatInt(id, 10), id
	}
}

// parseCount reads a whole number from 1 to max; "" is def.
func parseCount(s string, def, max int, param, msg string, v *ValidationError) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		v.Add(param, msg)
	}
	return n
}

// Values is the filter as query parameters, each at its default left out, so that
// ParseLeadFilter reads the same filter back and no link carries an empty parameter.
func (f LeadFilter) Values() url.Values {
	q := url.Values{}
	set := func(key, value string, isDefault bool) {
		if !isDefault {
			q.Set(key, value)
		}
	}
	set(paramQuery, f.Query, f.Query == "")
	set(paramStatus, string(f.Status), f.Status == "")
	set(paramOwner, f.ownerParam(), f.ownerParam() == "")
	set(paramDue, "1", !f.Due)
	set(paramSort, string(f.Sort), f.Sort == "" || f.Sort == SortNewest)
	set(paramPage, strconv.Itoa(f.Page), f.Page <= 1)
	set(paramPerPage, strconv.Itoa(f.PerPage), f.PerPage == 0 || f.PerPage == DefaultPerPage)
	return q
}

// Encode is the filter as a URL's query ("" for the default filter).
func (f LeadFilter) Encode() string { return f.Values().Encode() }

// ownerParam is the owner choice for a URL. A filter built in code may set only
// OwnerID or OwnerNone; the choice is then read from them.
func (f LeadFilter) ownerParam() string {
	switch {
	case f.Owner != "":
		return f.Owner
	case f.OwnerNone:
		return OwnerNobody
	case f.OwnerID != 0:
		return strconv.FormatInt(f.OwnerID, 10)
	}
	return ""
}
