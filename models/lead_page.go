package models

// LeadCount is how many leads a filter selects. Counting a million matches costs a
// scan of them all, so the list counts up to a bound: past it, N is the bound and
// AtLeast is true ("10,000+").
type LeadCount struct {
	N       int64
	AtLeast bool
}

// LeadPage is one page of the leads a filter selects.
type LeadPage struct {
	Leads []Lead
	Total LeadCount
	// More is true when leads follow this page, whether or not the total is exact.
	More bool
}
