package models

// LeadCount is how many leads a filter selects. Counting a million matches costs a
// scan of them all, so the list counts exactly only what is cheap to count: past a
// bound, N is the bound and AtLeast is true ("10,000+"); where the database's planner
// expects many matches, N is its estimate and Estimated is true ("about 20,000").
type LeadCount struct {
	N         int64
	AtLeast   bool
	Estimated bool
}

// Exact reports whether N is the exact count.
func (c LeadCount) Exact() bool { return !c.AtLeast && !c.Estimated }

// LeadPage is one page of the leads a filter selects.
type LeadPage struct {
	Leads []Lead
	Total LeadCount
	// More is true when leads follow this page, whether or not the total is exact.
	More bool
}
