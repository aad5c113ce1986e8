package models

import (
	"strconv"
	"strings"
)

// MaxBulk is the most leads one bulk action changes. "All that match" past it is
// refused with a message: a change that size is better made with a narrower filter,
// and each lead is its own transaction, so it must stay short enough to wait for.
const MaxBulk = 1000

// BulkAction is what a bulk action does to each lead.
type BulkAction string

// The bulk actions.
const (
	BulkSetStatus BulkAction = "status"
	BulkSetOwner  BulkAction = "owner"
	BulkDelete    BulkAction = "delete"
)

// Valid reports whether a is a known action.
func (a BulkAction) Valid() bool {
	return a == BulkSetStatus || a == BulkSetOwner || a == BulkDelete
}

// BulkItem is one selected lead as the person saw it: its id and the version they
// loaded, which the change must still find.
type BulkItem struct {
	ID      int64
	Version int
}

// String is the item as a form carries it: "id:version".
func (i BulkItem) String() string {
	return strconv.FormatInt(i.ID, 10) + ":" + strconv.Itoa(i.Version)
}

// ParseBulkItems reads "id:version" values. A value that is not one, or more than
// MaxBulk of them, is refused; a lead selected twice counts once, at its first version.
func ParseBulkItems(values []string) ([]BulkItem, error) {
	if len(values) > MaxBulk {
		return nil, tooMany(len(values))
	}
	seen := make(map[int64]bool, len(values))
	out := make([]BulkItem, 0, len(values))
	for _, v := range values {
		id, ver, ok := strings.Cut(v, ":")
		n, err1 := strconv.ParseInt(id, 10, 64)
		m, err2 := strconv.Atoi(ver)
		if !ok || err1 != nil || err2 != nil || n <= 0 || m <= 0 {
			var ve ValidationError
			ve.Add("ids", "Reload the list and select the leads again.")
			return nil, &ve
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, BulkItem{ID: n, Version: m})
		}
	}
	return out, nil
}

// tooMany is the refusal of a selection past MaxBulk.
func tooMany(n int) error {
	var ve ValidationError
	ve.Add("ids", "This selection has "+strconv.Itoa(n)+" leads; at most "+strconv.Itoa(MaxBulk)+
		" can be changed at once. Narrow the filter and try again.")
	return &ve
}

// TooManyForBulk is the refusal of "all that match" when the filter matches n leads,
// more than MaxBulk.
func TooManyForBulk(n int64) error {
	var ve ValidationError
	ve.Add("all", "These filters match "+strconv.FormatInt(n, 10)+" leads; at most "+strconv.Itoa(MaxBulk)+
		" can be changed at once. Narrow the filters and try again.")
	return &ve
}

// BulkConflict is a selected lead that changed after the person loaded it: it was left
// as it is now. By is who changed it last ("" when their account is gone).
type BulkConflict struct {
	Lead *Lead
	By   string
}

// BulkResult is what a bulk action did, lead by lead.
type BulkResult struct {
	// Changed are the leads changed (or deleted), each with its history entry.
	Changed []int64
	// Unchanged already had the value asked for: nothing to record.
	Unchanged []int64
	// Conflicts changed since they were loaded and were not touched.
	Conflicts []BulkConflict
	// Missing were deleted meanwhile.
	Missing []int64
	// Erased had their personal data erased: an erased lead is not changed again.
	Erased []int64
}
