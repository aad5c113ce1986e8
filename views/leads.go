package views

// Option is one choice of a <select> or a radio group.
type Option struct {
	Value, Label string
	Selected     bool
}

// LeadsPage is /app/leads: the filter form around the results.
type LeadsPage struct {
	App     AppPage
	Filters LeadFilters
	Results LeadResults
	Views   SavedViewsNav
}

// LeadFilters is the filter form's state, which is also the URL's query.
type LeadFilters struct {
	Q        string
	Due      bool
	PerPage  int
	Statuses []Option // "" (any) and every status; one Selected
	Owners   []Option // "" (anyone), "me", "none", then each user by id; one Selected
	Sorts    []Option // -created, created, name, -name, status; one Selected
	// Errors names filters that could not be read (an unknown status, say).
	Errors     map[string]string
	ErrorOrder []string
}

// LeadResults is the fragment htmx swaps when a filter changes: rows, counts, pages.
type LeadResults struct {
	Rows  []LeadRow
	Total int64
	// TotalAtLeast is true when counting stopped at a bound: at least Total leads
	// match ("10,000+"). TotalEstimated is true when Total is the database's estimate
	// ("about 20,000"). With either, Pages is 0 (not known).
	TotalAtLeast   bool
	TotalEstimated bool
	From           int64 // 1-based index of the first row shown, 0 when none
	To             int64
	Page           int
	Pages          int    // 0 when the total is not exact
	PrevURL        string // "" on the first page
	NextURL        string // "" on the last page
	// Filtered is true when any filter is set: the empty state then says that nothing
	// matches (with ClearURL), not that there are no leads yet.
	Filtered  bool
	ClearURL  string
	ExportURL string // the CSV of the same filters
	// SortURLs toggle the order by a column: keys "name", "created", "status".
	SortURLs map[string]string
	// SortedBy is the current sort ("-created" …), to mark the column header.
	SortedBy string
	// Bulk changes the selected rows, or every lead that matches.
	Bulk BulkBar
}

// LeadRow is one lead in the list, in the dashboard's tables and at the top of its page.
type LeadRow struct {
	ID          int64
	URL         string // /app/leads/ID
	Name        string
	Email       string
	Company     string
	Phone       string
	Status      string // new, contacted, qualified, won, lost
	StatusLabel string // New, Contacted …
	OwnerName   string // "" when nobody owns it
	Created     string // "25 Nov 2026"
	CreatedISO  string // for <time datetime>
	NextAction  string // "28 Nov 2026" or ""
	Due         bool   // the follow-up date is today or past
	RepeatOfURL string // the earlier lead with the same email, or ""
	// Erased marks a lead whose personal data was erased: Name then says so, and
	// nothing on it can be changed.
	Erased  bool
	Version int
	CSRF    string
	// Statuses and Owners are the one-click choices for this row, current one Selected.
	Statuses []Option
	Owners   []Option // "" (nobody) and each active user by id
}

// LeadEditValues are the editable fields of a lead as typed.
type LeadEditValues struct {
	Name, Email, Company, Phone, Message string
	NextActionAt                         string // yyyy-mm-dd or ""
	Version                              int
}

// LeadRowEdit is a list row turned into a form (htmx inline edit).
type LeadRowEdit struct {
	Row        LeadRow
	Values     LeadEditValues
	Errors     map[string]string
	ErrorOrder []string
}

// LeadDetail is /app/leads/:id: the card, the notes and the history.
type LeadDetail struct {
	App      AppPage
	Card     LeadCard
	Notes    []NoteView
	History  []EventView
	NoteForm NoteForm
}

// LeadCard is the lead's details on its page.
type LeadCard struct {
	Row         LeadRow
	Message     string
	UTMSource   string
	UTMMedium   string
	UTMCampaign string
	Referrer    string
	LandingPath string
	Updated     string
	// Consent is the consent line the visitor read on the form, ConsentAt when they
	// sent it; both "" for a lead entered by staff.
	Consent, ConsentAt string
	// ErasedNotice says who erased the personal data and when; "" unless Row.Erased.
	ErasedNotice string
}

// LeadErase is the confirm step before a lead's personal data is erased.
type LeadErase struct {
	App AppPage
	Row LeadRow
}

// LeadCardEdit is the card turned into a form (htmx inline edit, and the no-JS edit page).
type LeadCardEdit struct {
	Card       LeadCard
	Values     LeadEditValues
	Errors     map[string]string
	ErrorOrder []string
}

// LeadEditPage is /app/leads/:id/edit as a whole page, for browsers without htmx.
type LeadEditPage struct {
	App  AppPage
	Edit LeadCardEdit
}

// Conflict is the 409 answer to an edit made on a stale version: what the other person
// saved next to what this person typed, and the ways on.
type Conflict struct {
	LeadID int64
	// View is where the conflict replaces the form: ViewRow or ViewCard.
	View   LeadView
	Fields []ConflictField
	// FromEditor is true when the conflict answers the edit form, which can then open
	// again with Yours; a one-click status or owner change has no form to reopen.
	FromEditor bool
	// Yours, with the latest version, re-opens the form to apply one's changes again.
	Yours LeadEditValues
	CSRF  string
	Row   LeadRow // the lead as saved now
}

// ConflictField is one field that differs.
type ConflictField struct {
	Field         string // as the history records it (see FieldLabel)
	Theirs, Yours string
	// By and When say who saved Theirs: a user's name ("" when the account is gone).
	By, When string
}

// NoteView is one note, newest first. Author is "" when their account is gone.
type NoteView struct {
	Author, Body, When, WhenISO string
}

// NoteForm is the form that adds a note.
type NoteForm struct {
	LeadID int64
	Body   string
	Error  string
	CSRF   string
}

// EventView is one entry of the lead's history: who changed what, when.
type EventView struct {
	// Who is the user's name; "" when their account is gone.
	Who string
	// Created marks the entry of the lead's creation, the last one; it came from the
	// landing form when FromLandingForm, else Who entered it.
	Created, FromLandingForm bool
	// Erased marks the entry of the erasure of the personal data, by Who.
	Erased   bool
	Field    string // "status", "owner", "name" … (see FieldLabel)
	Old, New string
	When     string
	WhenISO  string
}

// NewLeadPage is /app/leads/new.
type NewLeadPage struct {
	App        AppPage
	Values     LeadEditValues
	Status     []Option
	Owners     []Option
	Errors     map[string]string
	ErrorOrder []string
}

// DeleteConfirm is the confirm step before a delete: a page without htmx, a row with.
type DeleteConfirm struct {
	App AppPage
	Row LeadRow
}
