package handlers

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
)

type notesOutput struct {
	Body struct {
		Data []apiNote `json:"data" doc:"Newest first"`
	}
}

type apiNoteCreate struct {
	Body string `json:"body" doc:"The note's text"`
}

type addNoteInput struct {
	ID      int64 `path:"id" doc:"The lead's id"`
	Body    apiNoteCreate
	RawBody []byte
}

type noteOutput struct {
	Body apiNote
}

type historyOutput struct {
	Body struct {
		Data []apiHistoryEntry `json:"data" doc:"Newest first"`
	}
}

func (h *Handler) registerNotes(api huma.API) {
	register(h, api, operation{Operation: huma.Operation{
		OperationID: "list-notes", Method: http.MethodGet, Path: paths.APILeadNotesPattern, Tags: []string{"Notes"},
		Summary: "List a lead's notes", Errors: []int{http.StatusNotFound},
	}}, h.apiNotes)
	register(h, api, operation{Operation: huma.Operation{
		OperationID: "add-note", Method: http.MethodPost, Path: paths.APILeadNotesPattern, Tags: []string{"Notes"},
		Summary: "Add a note to a lead", Description: "The note is the token's user's.", DefaultStatus: http.StatusCreated,
		Errors: append(bodyErrors(), http.StatusNotFound),
	}}, h.apiAddNote)
	register(h, api, operation{Operation: huma.Operation{
		OperationID: "lead-history", Method: http.MethodGet, Path: paths.APILeadHistoryPattern, Tags: []string{"History"},
		Summary: "A lead's history", Description: "Every changed field: who, when, old and new value.",
		Errors: []int{http.StatusNotFound},
	}}, h.apiHistory)
}

func (h *Handler) apiNotes(ctx context.Context, in *leadIDPath) (*notesOutput, error) {
	if _, err := h.store.Lead(ctx, in.ID); err != nil {
		return nil, err
	}
	notes, err := h.store.Notes(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &notesOutput{}
	out.Body.Data = make([]apiNote, 0, len(notes))
	for i := range notes {
		out.Body.Data = append(out.Body.Data, noteJSON(&notes[i]))
	}
	return out, nil
}

func (h *Handler) apiAddNote(ctx context.Context, in *addNoteInput) (*noteOutput, error) {
	user := callOf(ctx).user
	if _, err := h.store.Lead(ctx, in.ID); err != nil {
		return nil, err
	}
	body := strings.TrimSpace(in.Body.Body)
	ve := invalidText(in.RawBody)
	if ve.Err() == nil {
		ve = validationOf(models.ValidateNote(body))
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	n := &models.Note{LeadID: in.ID, UserID: &user.ID, Body: body}
	if err := h.store.AddNote(ctx, n); err != nil {
		return nil, err
	}
	n.AuthorName = user.Name
	return &noteOutput{noteJSON(n)}, nil
}

func (h *Handler) apiHistory(ctx context.Context, in *leadIDPath) (*historyOutput, error) {
	if _, err := h.store.Lead(ctx, in.ID); err != nil {
		return nil, err
	}
	events, err := h.store.Events(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &historyOutput{}
	out.Body.Data = make([]apiHistoryEntry, 0, len(events))
	for i := range events {
		out.Body.Data = append(out.Body.Data, historyJSON(&events[i]))
	}
	return out, nil
}
