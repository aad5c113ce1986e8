package views

// BulkBar is the list's form for changing many leads at once. The rows' checkboxes
// belong to it through their form attribute (a form cannot wrap table rows that hold
// forms of their own), so it works as a plain form without JavaScript.
type BulkBar struct {
	CSRF string
	// Filter is the list's filter (LeadFilter.Encode), for "all that match" and the way
	// back to the list.
	Filter string
	// Total is how many leads the filter matches; Max the most one action changes.
	Total    int64
	Max      int
	Statuses []Option
	Owners   []Option // "" (nobody) and each active user
}

// BulkConfirm is the step between choosing a bulk action and applying it.
type BulkConfirm struct {
	App AppPage
	// Question is the heading: "Set status to Won on 12 leads?".
	Question string
	// Button says what confirming does; Danger marks a delete.
	Button string
	Danger bool
	// Action, Status and OwnerID are posted on as chosen.
	Action, Status, OwnerID string
	// Items are the leads as "id:version", the versions the person loaded.
	Items []string
	// Leads are the first ones by name; More counts the rest.
	Leads   []BulkLead
	More    int
	Filter  string
	BackURL string
	CSRF    string
}

// BulkLead is a lead named on the confirm or result page.
type BulkLead struct {
	Name, URL string
	// By is who changed it since the list was loaded, on the result page.
	By string
}

// BulkOutcome is what a bulk action did, as its result page says it. It is kept in the
// session between the POST and the page (post/redirect/get), so it is plain data.
type BulkOutcome struct {
	Summary   string
	Changed   int
	Unchanged int
	Missing   int
	Erased    int
	// Conflicts are the leads left alone because they changed meanwhile, the first
	// ones; ConflictsMore counts the rest.
	Conflicts     []BulkLead
	ConflictCount int
	ConflictsMore int
	BackURL       string
}

// BulkResultPage is the page after a bulk action.
type BulkResultPage struct {
	App     AppPage
	Outcome BulkOutcome
}

// CountOf is n of a noun, in the plural unless n is 1: "1 lead", "12 leads".
func CountOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return formatInt(int64(n)) + " " + noun + "s"
}

func countOf(n int, noun string) string { return CountOf(n, noun) }
