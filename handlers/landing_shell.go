package handlers

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"

	"github.com/leadline/leadline/views"
)

// landingShell is the landing page rendered once, cut at the form's per-visit values
// (the one-time key and the visit's attribution). Serving it writes the fixed parts
// and escapes only those values, instead of rendering the whole page each time: the
// render was most of the cost of GET /.
type landingShell struct {
	parts [][]byte // len(parts) == len(slots)+1
	slots []slot
}

// slot names a per-visit value of the form.
type slot int

const (
	slotUTMSource slot = iota
	slotUTMMedium
	slotUTMCampaign
	slotReferrer
	slotLandingPath
	slotFormKey
	slotCount
)

// marker is what the page is first rendered with in place of a slot's value: text that
// escaping leaves alone and that no content contains.
func (s slot) marker() string { return fmt.Sprintf("zzLEADLINESLOT%02dzz", int(s)) }

// newLandingShell renders page with markers in the form's values and cuts it there.
func newLandingShell(page views.Landing) (*landingShell, error) {
	page.Form.Values = views.LeadFormValues{
		UTMSource: slotUTMSource.marker(), UTMMedium: slotUTMMedium.marker(), UTMCampaign: slotUTMCampaign.marker(),
		Referrer: slotReferrer.marker(), LandingPath: slotLandingPath.marker(), FormKey: slotFormKey.marker(),
	}
	var buf bytes.Buffer
	if err := views.LandingPage(page).Render(context.Background(), &buf); err != nil {
		return nil, fmt.Errorf("landing page: %w", err)
	}
	rest := buf.Bytes()
	sh := &landingShell{}
	for {
		i, s := nextMarker(rest)
		if i < 0 {
			break
		}
		sh.parts = append(sh.parts, rest[:i])
		sh.slots = append(sh.slots, s)
		rest = rest[i+len(s.marker()):]
	}
	sh.parts = append(sh.parts, rest)
	if len(sh.slots) != int(slotCount) {
		return nil, fmt.Errorf("landing page: found %d of %d form values", len(sh.slots), slotCount)
	}
	return sh, nil
}

// nextMarker finds the first marker in b.
func nextMarker(b []byte) (int, slot) {
	first, which := -1, slot(-1)
	for s := slot(0); s < slotCount; s++ {
		if i := bytes.Index(b, []byte(s.marker())); i >= 0 && (first < 0 || i < first) {
			first, which = i, s
		}
	}
	return first, which
}

// write writes the page with the visit's values, escaped as templ would.
func (sh *landingShell) write(w io.Writer, v views.LeadFormValues) error {
	values := [slotCount]string{
		slotUTMSource: v.UTMSource, slotUTMMedium: v.UTMMedium, slotUTMCampaign: v.UTMCampaign,
		slotReferrer: v.Referrer, slotLandingPath: v.LandingPath, slotFormKey: v.FormKey,
	}
	for i, s := range sh.slots {
		if _, err := w.Write(sh.parts[i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, html.EscapeString(values[s])); err != nil {
			return err
		}
	}
	_, err := w.Write(sh.parts[len(sh.parts)-1])
	return err
}
