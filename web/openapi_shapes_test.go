package web

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/scoring"
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
	for key, shape := range apiShapes {
		if !routes[key] {
			t.Errorf("apiShapes describes %s, which the route table does not have", key)
		}
		for _, q := range shape.Need {
			if !slices.Contains(shape.Query, q) {
				t.Errorf("%s needs %s, which is not among its query parameters", key, q)
			}
		}
	}
}

// TestAPIEnumsParse: every value the document lists for a closed set is
// one its parser takes, and each set is listed.
func TestAPIEnumsParse(t *testing.T) {
	parsers := map[reflect.Type]func(string) error{
		reflect.TypeFor[indicators.Status]():  func(v string) error { _, err := indicators.ParseStatus(v); return err },
		reflect.TypeFor[indicators.Role]():    func(v string) error { _, err := indicators.ParseRole(v); return err },
		reflect.TypeFor[indicators.Quality](): func(v string) error { _, err := indicators.ParseQuality(v); return err },
		reflect.TypeFor[scoring.Basis]():      func(v string) error { _, err := scoring.ParseBasis(v); return err },
	}
	for typ, values := range apiEnums {
		parse := parsers[typ]
		if parse == nil {
			t.Errorf("no parser checks the values of %v", typ)
			continue
		}
		for _, v := range values {
			if v == "" || parse(v) != nil {
				t.Errorf("%v: %q is not a value of the set", typ, v)
			}
		}
	}
	if len(apiEnums) != len(parsers) {
		t.Errorf("%d sets listed, %d checked", len(apiEnums), len(parsers))
	}
}
