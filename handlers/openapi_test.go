package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/leadline/leadline/internal/apptest"
	"github.com/leadline/leadline/models"
)

// TestOpenAPI reads the document as a client's tools would (kin-openapi, independent of
// huma) and holds it to the routes: every /api/v1 route registered on the app is
// documented, every documented operation answers, its security is what it says, and
// its refusals share the one error schema.
func TestOpenAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, dialect string) {
		s, _, _ := staffSite(t, dialect, nil)
		lead := seedLead(t, s, "Ada", "ada@example.com", "", "")
		c := apiSignIn(t, s, staffEmail, goodPass)
		anon := &apiClient{t: t, s: s}
		doc := loadOpenAPI(t, anon)
		documented := documentedOperations(t, doc, s)

		// The delete goes last: the other operations need the lead.
		order := sorted(keys(documented))
		slices.SortStableFunc(order, func(a, b string) int {
			return strings.Compare(fmt.Sprint(strings.HasPrefix(a, "DELETE")), fmt.Sprint(strings.HasPrefix(b, "DELETE")))
		})
		for _, key := range order {
			checkDocumentedOperation(t, key, documented[key], lead.ID, c, anon)
		}

		checkOpenAPIErrorAndBearer(t, doc)
		checkOpenAPILeadSchema(t, doc, c)
		checkOpenAPIListParameters(t, doc)
	})
}

// loadOpenAPI fetches the document without a token, as JSON, and loads and validates it
// with kin-openapi.
func loadOpenAPI(t *testing.T, anon *apiClient) *openapi3.T {
	raw := anon.send("GET", "/api/v1/openapi.json", "")
	if raw.status != http.StatusOK || !strings.HasPrefix(raw.header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %q", raw.status, raw.header.Get("Content-Type"))
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw.raw)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Errorf("validate: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	return doc
}

// documentedOperations returns the document's operations by "METHOD /path", after
// checking they are exactly the /api/v1 routes registered on the app.
func documentedOperations(t *testing.T, doc *openapi3.T, s *apptest.Site) map[string]*openapi3.Operation {
	documented := map[string]*openapi3.Operation{}
	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[method+" "+p] = op
		}
	}
	registered := map[string]bool{}
	for _, r := range s.Fiber.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == http.MethodHead || r.Method == "USE" {
			continue
		}
		key := r.Method + " " + strings.ReplaceAll(r.Path, ":id", "{id}")
		registered[key] = true
		if documented[key] == nil {
			t.Errorf("route %s is not in the document", key)
		}
	}
	for key := range documented {
		if !registered[key] {
			t.Errorf("documented %s is not a route", key)
		}
	}
	if len(documented) != 10 {
		t.Errorf("%d operations documented: %v", len(documented), keys(documented))
	}
	return documented
}

// checkDocumentedOperation: the operation key answers on leadID, its security is what
// it documents, and its refusals use the Error schema.
func checkDocumentedOperation(t *testing.T, key string, op *openapi3.Operation, leadID int64, c, anon *apiClient) {
	method, p, _ := strings.Cut(key, " ")
	p = strings.ReplaceAll(p, "{id}", fmt.Sprint(leadID))
	body := ""
	if method == http.MethodPost || method == http.MethodPatch {
		body = "{}"
	}
	public := op.Security != nil && len(*op.Security) == 0
	if a := c.send(method, p, body); a.status == http.StatusNotFound || a.status == http.StatusMethodNotAllowed {
		t.Errorf("%s answers %d", key, a.status)
	}
	a := anon.send(method, p, body)
	switch {
	case public && a.status == http.StatusUnauthorized && method == http.MethodGet:
		t.Errorf("public %s wants a token", key)
	case !public && a.status != http.StatusUnauthorized:
		t.Errorf("%s answers %d without a token", key, a.status)
	case !public && (op.Security == nil || len(*op.Security) != 1 || (*op.Security)[0]["bearer"] == nil):
		t.Errorf("%s does not document its bearer token", key)
	}
	for code, resp := range op.Responses.Map() {
		if code[0] != '4' && code[0] != '5' {
			continue
		}
		mt := resp.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Ref != "#/components/schemas/Error" {
			t.Errorf("%s %s does not answer with the Error schema", key, code)
		}
	}
	if !public && op.Responses.Value("401") == nil {
		t.Errorf("%s does not document 401", key)
	}
}

// checkOpenAPIErrorAndBearer: the bearer scheme is HTTP bearer, and the Error schema
// requires its error with a code, fields and a message.
func checkOpenAPIErrorAndBearer(t *testing.T, doc *openapi3.T) {
	bearer := doc.Components.SecuritySchemes["bearer"]
	if bearer == nil || bearer.Value.Type != "http" || bearer.Value.Scheme != "bearer" {
		t.Errorf("security scheme %+v", bearer)
	}
	errSchema := doc.Components.Schemas["Error"].Value
	body := errSchema.Properties["error"].Value
	if !slices.Equal(sorted(body.Required), []string{"code", "fields", "message"}) || !slices.Contains(errSchema.Required, "error") {
		t.Errorf("error schema requires %v / %v", errSchema.Required, body.Required)
	}
}

// checkOpenAPILeadSchema: the lead's schema lists what a lead in an answer carries, and
// its statuses are the pipeline's.
func checkOpenAPILeadSchema(t *testing.T, doc *openapi3.T, c *apiClient) {
	leadSchema := doc.Components.Schemas["Lead"].Value
	got := c.must(http.StatusCreated, "POST", "/api/v1/leads", `{"name":"Bo","email":"bo@example.com"}`)
	if !slices.Equal(sorted(keys(got)), sorted(keys(leadSchema.Properties))) {
		t.Errorf("a lead carries %v, its schema %v", sorted(keys(got)), sorted(keys(leadSchema.Properties)))
	}
	var statuses []string
	for _, s := range models.Statuses() {
		statuses = append(statuses, string(s))
	}
	var enum []string
	for _, v := range leadSchema.Properties["status"].Value.Enum {
		enum = append(enum, v.(string))
	}
	if !slices.Equal(enum, statuses) {
		t.Errorf("status enum %v, pipeline %v", enum, statuses)
	}
}

// checkOpenAPIListParameters: the list's parameters are the ones the workspace's filter
// reads.
func checkOpenAPIListParameters(t *testing.T, doc *openapi3.T) {
	var read []string
	_, _ = models.ParseLeadFilter(func(k string) string { read = append(read, k); return "" }, 1)
	var params []string
	for _, p := range doc.Paths.Find("/api/v1/leads").Get.Parameters {
		params = append(params, p.Value.Name)
	}
	if !slices.Equal(sorted(read), sorted(params)) {
		t.Errorf("list parameters %v, the filter reads %v", params, read)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}
