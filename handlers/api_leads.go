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

type leadsQuery struct {
	Q       string `query:"q" doc:"Searches name, email, company and message, whatever the case; % and _ match themselves"`
	Status  string `query:"status" doc:"new, contacted, qualified, won or lost"`
	Owner   string `query:"owner" doc:"A user's id, me or none"`
	Due     string `query:"due" doc:"1: only leads whose follow-up date has come"`
	Sort    string `query:"sort" doc:"-created (newest first, the default), created, name, -name or status"`
	Page    string `query:"page" doc:"From 1"`
	PerPage string `query:"per_page" doc:"From 1 to 100; 25 by default"`
}

// param reads the query as models.ParseLeadFilter asks for it: the workspace's list,
// its CSV and the API read one filter the same way.
func (q *leadsQuery) param(name string) string {
	return map[string]string{
		"q": q.Q, "status": q.Status, "owner": q.Owner, "due": q.Due, "sort": q.Sort, "page": q.Page, "per_page": q.PerPage,
	}[name]
}

type leadPage struct {
	Data    []leadjson.Lead `json:"data"`
	Page    int             `json:"page"`
	PerPage int             `json:"per_page"`
	Total   int64           `json:"total" doc:"How many leads the filter selects, on every page; see total_exact"`
	// TotalExact is false when total is the database's estimate or a lower bound (10,000):
	// counting every match of a common word among a million leads would read them all.
	TotalExact bool `json:"total_exact" doc:"Whether total is the exact count; false: total is an estimate of a large result or, past 10,000, a lower bound"`
	HasMore    bool `json:"has_more" doc:"Whether another page follows this one"`
}

type leadIDPath struct {
	ID int64 `path:"id" doc:"The lead's id"`
}

type leadOutput struct {
	Body leadjson.Lead
}

// apiLeadCreate is a new lead. Attribution is for leads that come from another form.
type apiLeadCreate struct {
	Name         string `json:"name"`
	Email        string `json:"email"`
	Company      string `json:"company,omitempty"`
	Phone        string `json:"phone,omitempty" doc:"Digits, spaces and + - ( ) ."`
	Message      string `json:"message,omitempty"`
	Status       string `json:"status,omitempty" doc:"new (the default), contacted, qualified, won or lost"`
	OwnerID      *int64 `json:"owner_id,omitempty" nullable:"true" doc:"An active staff user's id"`
	NextActionAt string `json:"next_action_at,omitempty" doc:"The follow-up date, yyyy-mm-dd"`
	UTMSource    string `json:"utm_source,omitempty"`
	UTMMedium    string `json:"utm_medium,omitempty"`
	UTMCampaign  string `json:"utm_campaign,omitempty"`
	Referrer     string `json:"referrer,omitempty"`
	LandingPath  string `json:"landing_path,omitempty"`
}

type createLeadInput struct {
	Body    apiLeadCreate
	RawBody []byte
}

type createdLeadOutput struct {
	Location string `header:"Location" doc:"The new lead's address"`
	Body     leadjson.Lead
}

type noContent struct{}

func (h *Handler) registerLeads(api huma.API) {
	register(h, api, operation{Operation: huma.Operation{
		OperationID: "list-leads", Method: http.MethodGet, Path: paths.APILeads, Tags: []string{"Leads"},
		Summary:     "List leads",
		Description: "The leads the filter selects, a page at a time, with the same filters as the workspace's list.",
	}}, h.apiListLeads)
	register(h, api, operation{Operation: huma.Operation{
		OperationID: "create-lead", Method: http.MethodPost, Path: paths.APILeads, Tags: []string{"Leads"},
		Summary: "Create a lead", DefaultStatus: http.StatusCreated, Errors: bodyErrors(),
		Description: "Stores a lead entered by the token's user, validated like the workspace's form.",
	}}, h.apiCreateLead)
	register(h, api, operation{Operation: huma.Operation{
		OperationID: "get-lead", Method: http.MethodGet, Path: paths.APILeadPattern, Tags: []string{"Leads"},
		Summary: "Get a lead", Errors: []int{http.StatusNotFound},
	}}, h.apiGetLead)
	register(h, api, operation{Operation: huma.Operation{
		OperationID: "delete-lead", Method: http.MethodDelete, Path: paths.APILeadPattern, Tags: []string{"Leads"},
		Summary: "Delete a lead", DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound},
		Description: "Deletes the lead with its notes and history. This cannot be undone.",
	}}, h.apiDeleteLead)
}

func (h *Handler) apiListLeads(ctx context.Context, in *leadsQuery) (*struct{ Body leadPage }, error) {
	user := callOf(ctx).user
	f, err := models.ParseLeadFilter(in.param, user.ID)
	if err != nil {
		return nil, err
	}
	page, err := h.store.ListLeads(ctx, f, h.clock.Now().In(h.zoneOf(user)))
	if err != nil {
		return nil, err
	}
	out := leadPage{Data: make([]leadjson.Lead, 0, len(page.Leads)), Page: f.Page, PerPage: f.PerPage,
		Total: page.Total.N, TotalExact: page.Total.Exact(), HasMore: page.More}
	for i := range page.Leads {
		out.Data = append(out.Data, leadjson.From(&page.Leads[i]))
	}
	return &struct{ Body leadPage }{out}, nil
}

func (h *Handler) apiGetLead(ctx context.Context, in *leadIDPath) (*leadOutput, error) {
	l, err := h.store.Lead(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &leadOutput{leadjson.From(l)}, nil
}

func (h *Handler) apiCreateLead(ctx context.Context, in *createLeadInput) (*createdLeadOutput, error) {
	user := callOf(ctx).user
	b := in.Body
	sl := models.StaffLead{
		LeadEdit: models.LeadEdit{
			LeadInput:    models.LeadInput{Name: b.Name, Email: b.Email, Company: b.Company, Phone: b.Phone, Message: b.Message},
			NextActionAt: b.NextActionAt,
		},
		Attribution: models.Attribution{UTMSource: b.UTMSource, UTMMedium: b.UTMMedium, UTMCampaign: b.UTMCampaign,
			Referrer: b.Referrer, LandingPath: b.LandingPath},
		Status: models.Status(b.Status),
	}
	if sl.Status == "" {
		sl.Status = models.StatusNew
	}
	sl.Normalize()
	ve := invalidText(in.RawBody)
	if ve.Err() == nil {
		ve = validationOf(sl.Validate())
	}
	if err := h.checkOwner(ctx, b.OwnerID, ve); err != nil {
		return nil, err
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	l := sl.NewLead(user.ID, b.OwnerID)
	if _, err := h.store.CreateLead(ctx, l); err != nil {
		return nil, err
	}
	h.log.Info("lead created through the api", "lead_id", l.ID, "by", user.ID, "request_id", callOf(ctx).requestID)
	saved, err := h.store.Lead(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	return &createdLeadOutput{Location: paths.APILead(l.ID), Body: leadjson.From(saved)}, nil
}

// checkOwner adds a message to ve unless id is nil or an active staff user's.
func (h *Handler) checkOwner(ctx context.Context, id *int64, ve *models.ValidationError) error {
	if id == nil {
		return nil
	}
	u, err := h.store.UserByID(ctx, *id)
	switch {
	case errors.Is(err, models.ErrNotFound) || (err == nil && !u.Active):
		ve.Add("owner_id", "Choose an active staff user as the owner")
	case err != nil:
		return err
	}
	return nil
}

func (h *Handler) apiDeleteLead(ctx context.Context, in *leadIDPath) (*noContent, error) {
	if err := h.store.DeleteLead(ctx, in.ID); err != nil {
		return nil, err
	}
	h.log.Info("lead deleted through the api", "lead_id", in.ID, "by", callOf(ctx).user.ID, "request_id", callOf(ctx).requestID)
	return &noContent{}, nil
}
