package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/leadline/leadline/models"
)

func TestNotes(t *testing.T) {
	each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s, _ := MustOpen(t, dialect)
		u := &models.User{Email: "one@example.com", Name: "One", Role: models.RoleStaff, Active: true, PasswordHash: "x"}
		_ = s.CreateUser(ctx, u)
		l := addLead(t, s, "Ada", "ada@example.com", "", "")

		t.Run("NewestFirstWithAuthor", func(t *testing.T) {
			for _, body := range []string{"first", "second"} {
				if err := s.AddNote(ctx, &models.Note{LeadID: l.ID, UserID: &u.ID, Body: body}); err != nil {
					t.Fatal(err)
				}
			}
			notes, err := s.Notes(ctx, l.ID)
			if err != nil || len(notes) != 2 || notes[0].Body != "second" || notes[0].AuthorName != "One" {
				t.Errorf("notes %+v %v", notes, err)
			}
		})
		t.Run("ErrNotFoundOnAMissingLead", func(t *testing.T) {
			if err := s.AddNote(ctx, &models.Note{LeadID: 999999, UserID: &u.ID, Body: "x"}); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("note on a missing lead: %v", err)
			}
		})
		t.Run("GoWithTheirLead", func(t *testing.T) {
			if err := s.DeleteLead(ctx, l.ID); err != nil {
				t.Fatal(err)
			}
			if notes, _ := s.Notes(ctx, l.ID); len(notes) != 0 {
				t.Error("notes outlived their lead")
			}
		})
	})
}
