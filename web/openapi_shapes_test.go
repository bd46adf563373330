package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPIShapesFollowTheRoutes keeps the shapes of the OpenAPI document in
// step with the route table: no shape for a route that is gone, and every
// API route that answers JSON says with which Go type.
func TestAPIShapesFollowTheRoutes(t *testing.T) {
	routes := map[string]bool{}
	for _, r := range New(nil, nil).Routes() {
		key := r.Method + " " + r.Path
		routes[key] = true
		shape, ok := apiShapes[key]
		if !strings.HasPrefix(r.Path, "/api/v1/") || apiMediaType(r.Path) != jsonType || shape.Status == http.StatusNoContent {
			continue
		}
		if !ok || shape.Resp == nil {
			t.Errorf("%s answers JSON but apiShapes gives no type for it", key)
		}
	}
	for key := range apiShapes {
		if !routes[key] {
			t.Errorf("apiShapes describes %s, which the route table does not have", key)
		}
	}
}
