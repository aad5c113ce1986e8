package handlers

import (
	"bytes"
	"context"
	"testing"

	"github.com/leadline/leadline/views"
)

// TestLandingShellMatchesRender checks that the cut page, filled in, is byte for byte
// the page templ renders, markup and quotes in the values included.
func TestLandingShellMatchesRender(t *testing.T) {
	page := views.Landing{
		Page:    views.Page{Title: "T", Product: "P", Assets: views.Assets{CSS: "/a.css", Theme: "/t.css", HTMX: "/h.js", App: "/a.js", Favicon: "/f.svg"}},
		Content: views.DefaultContent(),
	}
	page.Form.Labels = page.Content.FormLabels
	sh, err := newLandingShell(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []views.LeadFormValues{
		{FormKey: "AAAAAAAAAAAAAAAAAAAAAA"},
		{UTMSource: `"><script>alert(1)</script>`, UTMMedium: "e&mail", UTMCampaign: "l'aunch",
			Referrer: "https://x.example/?a=1&b=<2>", LandingPath: "/?utm_source=%22", FormKey: "k-_k"},
	} {
		var got, want bytes.Buffer
		if err := sh.write(&got, v); err != nil {
			t.Fatal(err)
		}
		page.Form.Values = v
		if err := views.LandingPage(page).Render(context.Background(), &want); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("shell and render differ for %+v", v)
		}
	}
}
