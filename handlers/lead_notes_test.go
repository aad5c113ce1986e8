package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/leadline/leadline/internal/apptest"
)

func TestLeadNotes(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		w := newWorkspace(t, dialect)
		token := w.c.CSRF()

		t.Run("Notes", func(t *testing.T) {
			path := fmt.Sprintf("/app/leads/%d/notes", w.ada.ID)
			resp := w.c.PostForm(path, url.Values{"_csrf": {token}, "body": {"Called; <script>alert(1)</script> wants a demo"}}, "HX-Request", "true")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("add: %d", resp.StatusCode)
			}
			doc := apptest.Doc(t, resp)
			note := doc.Find("[data-testid=note]")
			if note.Length() != 1 || !strings.Contains(note.Text(), "Sam Staff") || doc.Find("script").Length() != 0 {
				t.Errorf("note %q", note.Text())
			}
			if resp := w.c.PostForm(path, url.Values{"_csrf": {token}, "body": {"  "}}, "HX-Request", "true"); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("empty note: %d", resp.StatusCode)
			}
			if resp := w.c.PostForm(path, url.Values{"_csrf": {token}, "body": {"second"}}); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("no-JS note: %d", resp.StatusCode)
			}
			notes, _ := w.s.Store.Notes(context.Background(), w.ada.ID)
			if len(notes) != 2 || notes[0].Body != "second" {
				t.Errorf("notes %+v", notes)
			}
		})
	})
}
