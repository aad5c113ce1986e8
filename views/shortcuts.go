package views

import "github.com/a-h/templ"

// liveRegion marks the page's main element as what live.js fetches again (and swaps
// whole) when a lead changes, when url is set.
func liveRegion(url string) templ.Attributes {
	if url == "" {
		return nil
	}
	return templ.Attributes{"data-live-region": true, "data-live-url": url, "data-live-select": "#main", "data-live-swap": "outerHTML"}
}

// Shortcut is one keyboard shortcut as the shortcuts dialog lists it; keys.js binds
// the same keys.
type Shortcut struct{ Key, Does string }

// Shortcuts are the workspace's keyboard shortcuts.
func Shortcuts() []Shortcut {
	return []Shortcut{
		{"/", "Search the leads"},
		{"j", "Next lead in the list"},
		{"k", "Previous lead in the list"},
		{"Enter", "Open the selected lead"},
		{"e", "Edit the selected lead in place"},
		{"?", "Show these shortcuts"},
		{"Esc", "Close this dialog"},
	}
}
