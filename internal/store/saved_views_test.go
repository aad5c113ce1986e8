package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
)

func viewNames(vs []models.SavedView) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Name+"/"+v.OwnerName)
	}
	return out
}

func TestSavedViews(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		h := newHookSite(t, dialect)
		s, ada, sam := h.s, h.ada, h.sam
		mine := &models.SavedView{UserID: ada.ID, Name: "Hot", Query: "status=qualified"}
		if err := s.CreateSavedView(ctx, mine); err != nil || mine.ID == 0 {
			t.Fatalf("create: %v", err)
		}
		// One name per user, whatever its case; another user may use it.
		var ve *models.ValidationError
		if err := s.CreateSavedView(ctx, &models.SavedView{UserID: ada.ID, Name: "hot", Query: "q=x"}); !errors.As(err, &ve) || ve.Fields["name"] == "" {
			t.Errorf("duplicate name: %v", err)
		}
		theirs := &models.SavedView{UserID: sam.ID, Name: "Hot", Query: "owner=me"}
		if err := s.CreateSavedView(ctx, theirs); err != nil {
			t.Fatalf("same name, other user: %v", err)
		}
		if got := viewNames(mustViews(t, s, ada.ID)); len(got) != 1 || got[0] != "Hot/Ada" {
			t.Errorf("before sharing, Ada sees %v", got)
		}
		// Sharing shows Sam's view to Ada, after her own.
		if err := s.ShareSavedView(ctx, sam.ID, theirs.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := viewNames(mustViews(t, s, ada.ID)); len(got) != 2 || got[0] != "Hot/Ada" || got[1] != "Hot/Sam" {
			t.Errorf("after sharing, Ada sees %v", got)
		}
		// Only the owner renames, shares or deletes.
		for name, err := range map[string]error{
			"rename": s.RenameSavedView(ctx, ada.ID, theirs.ID, "Mine now"),
			"share":  s.ShareSavedView(ctx, ada.ID, theirs.ID, false),
			"delete": s.DeleteSavedView(ctx, ada.ID, theirs.ID),
		} {
			if !errors.Is(err, models.ErrForbidden) {
				t.Errorf("%s another's view: %v", name, err)
			}
		}
		if _, err := s.OwnSavedView(ctx, ada.ID, theirs.ID); !errors.Is(err, models.ErrForbidden) {
			t.Errorf("another's view: %v", err)
		}
		if err := s.DeleteSavedView(ctx, ada.ID, 999999); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("unknown view: %v", err)
		}
		savedViewRename(t, s, ada.ID, mine.ID)
		if err := s.DeleteSavedView(ctx, sam.ID, theirs.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustViews(t, s, ada.ID); len(got) != 2 { // her two: Hot leads and Cold
			t.Errorf("after Sam's delete, Ada sees %v", viewNames(got))
		}
	})
}

// savedViewRename renames the user's view, then tries a name they already use.
func savedViewRename(t *testing.T, s *store.Store, userID, id int64) {
	t.Helper()
	ctx := context.Background()
	if err := s.RenameSavedView(ctx, userID, id, "Hot leads"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.OwnSavedView(ctx, userID, id); err != nil || v.Name != "Hot leads" || v.Query != "status=qualified" {
		t.Errorf("renamed %+v %v", v, err)
	}
	if err := s.CreateSavedView(ctx, &models.SavedView{UserID: userID, Name: "Cold", Query: "status=lost"}); err != nil {
		t.Fatal(err)
	}
	var ve *models.ValidationError
	if err := s.RenameSavedView(ctx, userID, id, "COLD"); !errors.As(err, &ve) {
		t.Errorf("rename to a taken name: %v", err)
	}
}

func mustViews(t *testing.T, s *store.Store, userID int64) []models.SavedView {
	t.Helper()
	vs, err := s.SavedViews(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}
