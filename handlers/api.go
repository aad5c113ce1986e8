package handlers

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/leadline/leadline/internal/paths"
	"github.com/leadline/leadline/models"
	"github.com/leadline/leadline/views"
)

// apiBodyLimit caps a JSON body: a lead's longest fields, every character escaped,
// fit many times over. Larger bodies get 413 before they are parsed.
const apiBodyLimit = 64 << 10

// bearerScheme names the security scheme of the OpenAPI document.
const bearerScheme = "bearer"

// apiCall is what the API's guard learns about a request, for the operations, which
// see a context.Context rather than Fiber's.
type apiCall struct {
	ip        string
	requestID string
	// user and tokenID are the token's, on every route but the public ones.
	user    *models.User
	tokenID int64
}

type apiCallKey struct{}

// callOf is the request's apiCall; every request under /api/ has one.
func callOf(ctx context.Context) *apiCall {
	if c, ok := ctx.Value(apiCallKey{}).(*apiCall); ok {
		return c
	}
	return &apiCall{}
}

// isAPIPath reports whether a path belongs to the JSON API, whose answers (errors
// included) are JSON.
func isAPIPath(p string) bool { return p == paths.API || strings.HasPrefix(p, paths.API+"/") }

// apiRoutes registers the JSON API. huma builds each route and its part of the OpenAPI
// document from the same Go types, so the document cannot drift from what the routes
// accept and answer. Every path under /api/ goes through apiScope, and every operation
// through apiAuth: no session and no cookie is read, and so no CSRF token is needed or
// checked.
func (h *Handler) apiRoutes(app *fiber.App) {
	app.Use(paths.API, h.apiScope)
	api := humafiber.New(app, h.apiConfig())
	api.UseMiddleware(h.apiAuth)
	h.registerSignIn(api)
	h.registerLeads(api)
	h.registerLeadChanges(api)
	h.registerNotes(api)
	documentOpenAPI(api.OpenAPI())
	var once sync.Once
	var doc []byte
	var docErr error
	app.Get(paths.OpenAPI, func(c *fiber.Ctx) error {
		once.Do(func() { doc, docErr = json.Marshal(api.OpenAPI()) })
		if docErr != nil {
			return docErr
		}
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
		return c.Send(doc)
	})
}

// apiConfig is huma's configuration: our own error shape and OpenAPI route, and none of
// huma's extra routes. Its docs page loads scripts from a CDN, which the CSP and the
// rule of no CDN at run time forbid.
func (h *Handler) apiConfig() huma.Config {
	useAPIErrors()
	cfg := huma.DefaultConfig(views.AppName+" API", "1")
	cfg.OpenAPIPath, cfg.DocsPath, cfg.SchemasPath = "", "", ""
	// No $schema fields and Link headers in answers.
	cfg.CreateHooks = nil
	cfg.Formats = map[string]huma.Format{"application/json": huma.DefaultJSONFormat}
	// A query parameter the operation does not take is refused (422), as an unknown
	// field of a body is: a typo must not silently widen a filter.
	cfg.RejectUnknownQueryParameters = true
	cfg.Info.Description = "Leads, notes and history of " + views.AppName + ", for scripts and integrations. " +
		"Every route but " + paths.APIToken + " and " + paths.OpenAPI + " needs a personal token: " +
		"`Authorization: Bearer ll_…`. Cookies are never read here."
	cfg.Servers = []*huma.Server{{URL: strings.TrimSuffix(h.cfg.BaseURL.String(), "/")}}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		bearerScheme: {
			Type: "http", Scheme: "bearer",
			Description: "A personal token from /app/account/tokens or from POST " + paths.APIToken + ".",
		},
	}
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", apiSchemaName)
	return cfg
}

// apiSchemaName names a schema after its Go type without the package's "api" prefix:
// apiNote is the document's Note.
func apiSchemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	if rest := strings.TrimPrefix(name, "Api"); rest != name && rest != "" {
		return rest
	}
	return name
}

// operation is one route of the API as register needs it.
type operation struct {
	huma.Operation
	// public routes need no token.
	public bool
}

// register adds an operation to the API. The statuses it may refuse with are
// documented with the one error shape; errors the operation returns become that shape
// through apiFailure.
func register[I, O any](h *Handler, api huma.API, op operation, fn func(context.Context, *I) (*O, error)) {
	o := op.Operation
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = apiBodyLimit
	}
	o.Errors = append(o.Errors, http.StatusTooManyRequests)
	if op.public {
		o.Security = []map[string][]string{}
	} else {
		o.Security = []map[string][]string{{bearerScheme: {}}}
		o.Errors = append(o.Errors, http.StatusUnauthorized)
	}
	huma.Register(api, o, func(ctx context.Context, in *I) (*O, error) {
		out, err := fn(ctx, in)
		if err != nil {
			return nil, h.apiFailure(ctx, err)
		}
		return out, nil
	})
}

// bodyErrors are the refusals of an operation that reads a JSON body.
func bodyErrors() []int {
	return []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType}
}

// documentOpenAPI adds to the document what huma does not register itself: the route
// that serves the document.
func documentOpenAPI(doc *huma.OpenAPI) {
	doc.AddOperation(&huma.Operation{
		OperationID: "get-openapi",
		Method:      http.MethodGet,
		Path:        paths.OpenAPI,
		Summary:     "This document",
		Tags:        []string{"API"},
		Security:    []map[string][]string{},
		Responses: map[string]*huma.Response{
			strconv.Itoa(http.StatusOK): {
				Description: "The OpenAPI 3.1 document of every route of the API",
				Content:     map[string]*huma.MediaType{fiber.MIMEApplicationJSON: {Schema: &huma.Schema{Type: huma.TypeObject}}},
			},
		},
	})
}
