package views

// SavedViewsNav is the list's sidebar: every lead, the person's own views, those the
// team shares, and the form that saves the current filter.
type SavedViewsNav struct {
	AllURL    string
	AllActive bool
	Own       []SavedViewLink
	Shared    []SavedViewLink
	Save      SaveViewForm
}

// SavedViewLink is one view in the sidebar.
type SavedViewLink struct {
	Name, URL string
	// ManageURL is the page that renames, shares or deletes it: own views only.
	ManageURL string
	// Owner is who shares it (shared views of others).
	Owner  string
	Shared bool
	// Active marks the view whose filter the list shows.
	Active bool
}

// SaveViewForm saves the list's filter under a name.
type SaveViewForm struct {
	CSRF   string
	Filter string // LeadFilter.Encode of the list, first page
	Name   string
	Shared bool
	Error  string
}

// SavedViewPage is one's own view, to rename, share or delete.
type SavedViewPage struct {
	App       AppPage
	Name      string // as stored
	Value     string // as typed, after a refused rename
	Error     string
	Shared    bool
	ListURL   string
	RenameURL string
	ShareURL  string
	DeleteURL string
	CSRF      string
}
