package handlers

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/leadline/leadline/internal/leadjson"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
)

// apiLeadPatch changes some of a lead's fields; a field left out stays as it is.
type apiLeadPatch struct {
	Version      int              `json:"version" doc:"The version the change was made on: the lead's version as last read"`
	Name         *string          `json:"name,omitempty"`
	Email        *string          `json:"email,omitempty"`
	Company      *string          `json:"company,omitempty"`
	Phone        *string          `json:"phone,omitempty"`
	Message      *string          `json:"message,omitempty"`
	Status       *string          `json:"status,omitempty" doc:"new, contacted, qualified, won or lost"`
	OwnerID      optional[int64]  `json:"owner_id,omitempty" doc:"An active staff user's id; null for nobody"`
	NextActionAt optional[string] `json:"next_action_at,omitempty" doc:"The follow-up date, yyyy-mm-dd; null or empty to clear it"`
}

type patchLeadInput struct {
	ID      int64 `path:"id" doc:"The lead's id"`
	Body    apiLeadPatch
	RawBody []byte
}

func (h *Handler) registerLeadChanges(api huma.API) {
	register(h, api, operation{Operation: huma.Operation{
		OperationID: "update-lead", Method: http.MethodPatch, Path: paths.APILeadPattern, Tags: []string{"Leads"},
		Summary: "Change a lead",
		Description: "Changes the fields sent, if the lead is still at `version`; each change is recorded in the lead's " +
			"history under the token's user. A stale version changes nothing and gets 409 with the lead as it is now.",
		Errors: append(bodyErrors(), http.StatusNotFound, http.StatusConflict),
	}}, h.apiPatchLead)
}

func (h *Handler) apiPatchLead(ctx context.Context, in *patchLeadInput) (*leadOutput, error) {
	user := callOf(ctx).user
	cur, err := h.store.Lead(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if cur.Erased() {
		return nil, models.ErrErased // before validation: its emptied fields would not pass
	}
	b := in.Body
	p := models.LeadPatch{Name: b.Name, Email: b.Email, Company: b.Company, Phone: b.Phone, Message: b.Message,
		OwnerSet: b.OwnerID.Set}
	if b.Status != nil {
		s := models.Status(*b.Status)
		p.Status = &s
	}
	if b.OwnerID.Set && !b.OwnerID.Null {
		p.OwnerID = &b.OwnerID.Value
	}
	if b.NextActionAt.Set {
		p.NextActionAt = &b.NextActionAt.Value // null clears, as "" does
	}
	p.Normalize()
	ve := invalidText(in.RawBody)
	if ve.Err() == nil {
		ve = validationOf(p.Validate(cur))
	}
	if err := h.checkOwner(ctx, p.OwnerID, ve); err != nil {
		return nil, err
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	updated, err := h.store.UpdateLead(ctx, in.ID, b.Version, user.ID, p.Apply)
	var ce *models.ConflictError
	if errors.As(err, &ce) {
		return nil, h.staleLead(ctx, in.ID)
	}
	if err != nil {
		return nil, err
	}
	return &leadOutput{leadjson.From(updated)}, nil
}

// staleLead is the 409 of a change on a stale version, with the lead as saved now.
func (h *Handler) staleLead(ctx context.Context, id int64) error {
	now, err := h.store.Lead(ctx, id)
	if err != nil {
		return err
	}
	e := newAPIError(http.StatusConflict, "The lead changed since you read it; nothing was saved. "+
		"Apply your change to the lead in current, and send it again with current's version.", nil)
	cur := leadjson.From(now)
	e.Current = &cur
	return e
}
