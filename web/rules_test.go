package web_test

import (
	"strings"
	"testing"
)

// TestRulesAPI: the pilot's rules are listed; a rules file with a mistake
// is refused whole naming its line, position and the unknown code; a good
// one replaces the rules.
func TestRulesAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		type rule struct {
			Code, Left, Operator, Right string
			Severity                    string
		}
		var got listOf[rule]
		c.do("GET", "/api/v1/frameworks/igmc/rules", "", 200, &got)
		if got.Total < 3 || got.Items[0].Code != "pm25-within-pm10" || got.Items[0].Severity != "error" {
			t.Fatalf("pilot rules %+v", got)
		}
		bad := "code,left,operator,right\nok,SPC-05,<=,SPC-01\nbroken,SPC-05 +,<=,1\nunknown,XYZ-9,>,0\n"
		var e apiError
		c.send("POST", "/api/v1/frameworks/igmc/rules", "text/csv", strings.NewReader(bad), 422, &e)
		if len(e.Error.Fields) != 2 || e.Error.Fields[0].Line != 3 || !strings.Contains(e.Error.Fields[0].Message, "character 9") ||
			e.Error.Fields[1].Line != 4 || !strings.Contains(e.Error.Fields[1].Message, "XYZ-9") {
			t.Fatalf("refusal %+v", e.Error.Fields)
		}
		c.do("GET", "/api/v1/frameworks/igmc/rules", "", 200, &got)
		if got.Total < 3 {
			t.Fatalf("a refused file changed the rules: %+v", got)
		}
		c.send("POST", "/api/v1/frameworks/igmc/rules", "text/csv", strings.NewReader("code,left,operator,right\nok,SPC-05,<=,SPC-01\n"), 200, nil)
		c.do("GET", "/api/v1/frameworks/igmc/rules", "", 200, &got)
		if got.Total != 1 || got.Items[0].Code != "ok" || got.Items[0].Severity != "warning" {
			t.Fatalf("rules after import %+v", got)
		}
	})
}
