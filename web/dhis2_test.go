package web_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"igmc/indicators"
	"igmc/storage"
	"igmc/storage/storagetest"
)

// dhis2Set is a dataValueSets payload written the way DHIS2's own
// documentation writes one: the period and the organisation unit at the
// top, the values as strings, the data elements by their identifiers
// (here the indicator codes), plus a value that names its own period and
// organisation unit with the default category option combination.
const dhis2Set = `{
  "dataSet": "igmc",
  "completeDate": "2020-02-03",
  "period": "2019",
  "orgUnit": "LY",
  "dataValues": [
    { "dataElement": "SPC-01", "value": "80", "comment": "land bureau" },
    { "dataElement": "SPC-08", "period": "2019Q1", "categoryOptionCombo": "HllvX50cXC0", "value": "12" },
    { "dataElement": "ENV-01", "period": "201901", "orgUnit": "LY-N", "value": "41.5", "storedBy": "someone", "followup": false }
  ]
}`

// dhis2BadSet has one bad value among good ones, at index 1.
const dhis2BadSet = `{
  "dataSet": "igmc", "period": "2019", "orgUnit": "LY",
  "dataValues": [
    { "dataElement": "SPC-01", "value": "80" },
    { "dataElement": "NOPE", "value": "1" },
    { "dataElement": "SPC-08", "period": "2019Q1", "value": "12" }
  ]
}`

func dhis2Empty(t *testing.T, c *client) {
	t.Helper()
	var got indicators.DataValueSet
	c.do("GET", "/api/v1/dataValueSets?dataSet=igmc", "", 200, &got)
	if len(got.DataValues) != 0 {
		t.Fatalf("%d values written: %+v", len(got.DataValues), got.DataValues)
	}
}

func TestDataValueSets(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		t.Run("bad_value_refuses_all", func(t *testing.T) {
			var sum indicators.ImportSummary
			c.do("POST", "/api/v1/dataValueSets", dhis2BadSet, 409, &sum)
			if sum.Description != "The import was refused, nothing was written: 1 conflict" {
				t.Errorf("description %q", sum.Description)
			}
			if sum.ResponseType != "ImportSummary" || sum.Status != "ERROR" || len(sum.Conflicts) != 1 || sum.ImportCount.Imported != 0 {
				t.Fatalf("summary %+v", sum)
			}
			cf := sum.Conflicts[0]
			if cf.Object != "NOPE" || cf.Property != "dataElement" || cf.ErrorCode != "unknown_indicator" || !slices.Equal(cf.Indexes, []int{1}) || cf.Value == "" {
				t.Fatalf("conflict %+v", cf)
			}
			dhis2Empty(t, c)
		})
		t.Run("out_of_range_and_unmapped_period", func(t *testing.T) {
			var sum indicators.ImportSummary
			c.do("POST", "/api/v1/dataValueSets", `{"dataSet":"igmc","orgUnit":"LY","period":"2019",
				"dataValues":[{"dataElement":"SPC-01","value":"80"},{"dataElement":"SPC-01","period":"2018","value":"150"}]}`, 409, &sum)
			if len(sum.Conflicts) != 1 || sum.Conflicts[0].Object != "150" || sum.Conflicts[0].Property != "value" ||
				sum.Conflicts[0].ErrorCode != "out_of_range" || !slices.Equal(sum.Conflicts[0].Indexes, []int{1}) {
				t.Fatalf("summary %+v", sum)
			}
			c.do("POST", "/api/v1/dataValueSets", `{"dataSet":"igmc","orgUnit":"LY",
				"dataValues":[{"dataElement":"SPC-01","period":"2019","value":"80"},{"dataElement":"SPC-01","period":"2019W3","value":"1"}]}`, 409, &sum)
			if len(sum.Conflicts) != 1 || sum.Conflicts[0].Object != "2019W3" || sum.Conflicts[0].Property != "period" || !slices.Equal(sum.Conflicts[0].Indexes, []int{1}) {
				t.Fatalf("summary %+v", sum)
			}
			dhis2Empty(t, c)
		})
		t.Run("bad_requests", func(t *testing.T) {
			c.do("POST", "/api/v1/dataValueSets", `{"dataSet":"nope","period":"2019","orgUnit":"LY","dataValues":[{"dataElement":"SPC-01","value":"1"}]}`, 404, nil)
			c.do("POST", "/api/v1/dataValueSets", `{"period":"2019","orgUnit":"LY","dataValues":[{"dataElement":"SPC-01","value":"1"}]}`, 400, nil)
			c.do("POST", "/api/v1/dataValueSets", `{"dataSet":"igmc","dataValues":[]}`, 400, nil)
			c.do("POST", "/api/v1/dataValueSets", `{"dataSet":"igmc","dataValues":[{"dataElement":"SPC-01","colour":"red"}]}`, 422, nil)
			c.do("POST", "/api/v1/dataValueSets", `{"dataSet":"igmc",`, 400, nil)
			c.do("POST", "/api/v1/dataValueSets?importStrategy=MERGE", dhis2Set, 400, nil)
			c.do("POST", "/api/v1/dataValueSets?dryRun=maybe", dhis2Set, 400, nil)
			c.do("GET", "/api/v1/dataValueSets", "", 400, nil)
			var sum indicators.ImportSummary
			c.do("POST", "/api/v1/dataValueSets", `{"dataSet":"igmc","period":"2019","orgUnit":"LY",
				"dataValues":[{"dataElement":"SPC-01","categoryOptionCombo":"xYerKDKCefk","value":"1"},{"dataElement":"SPC-01","period":"2018","value":"2","deleted":true}]}`, 409, &sum)
			if len(sum.Conflicts) != 2 || sum.Conflicts[0].Property != "categoryOptionCombo" || !slices.Equal(sum.Conflicts[1].Indexes, []int{1}) {
				t.Fatalf("summary %+v", sum)
			}
			dhis2Empty(t, c)
		})
		t.Run("delete_refused", func(t *testing.T) {
			var sum indicators.ImportSummary
			c.do("POST", "/api/v1/dataValueSets?importStrategy=DELETE", dhis2Set, 409, &sum)
			if sum.Status != "ERROR" || sum.ImportOptions.ImportStrategy != "DELETE" || sum.Description == "" {
				t.Fatalf("summary %+v", sum)
			}
			dhis2Empty(t, c)
		})
		t.Run("dry_run_writes_nothing", func(t *testing.T) {
			var sum indicators.ImportSummary
			c.do("POST", "/api/v1/dataValueSets?dryRun=true", dhis2Set, 200, &sum)
			if sum.Status != "SUCCESS" || !sum.ImportOptions.DryRun || sum.ImportCount.Imported != 3 {
				t.Fatalf("summary %+v", sum)
			}
			dhis2Empty(t, c)
		})
		t.Run("other_zone_refused", func(t *testing.T) {
			other := c.as(c.userToken("elsewhere@example.org", indicators.RoleOfficer, "LY-N"))
			other.do("POST", "/api/v1/dataValueSets", dhis2Set, 403, nil)
			other.do("GET", "/api/v1/dataValueSets?dataSet=igmc&orgUnit=LY", "", 403, nil)
			dhis2Empty(t, c)
		})
		t.Run("imports_and_reads_back", func(t *testing.T) {
			var sum indicators.ImportSummary
			c.do("POST", "/api/v1/dataValueSets", dhis2Set, 200, &sum)
			if sum.Status != "SUCCESS" || sum.ImportCount != (indicators.ImportCount{Imported: 3}) || len(sum.Conflicts) != 0 ||
				sum.ImportOptions.ImportStrategy != "CREATE_AND_UPDATE" {
				t.Fatalf("summary %+v", sum)
			}
			var got indicators.DataValueSet
			c.do("GET", "/api/v1/dataValueSets?dataSet=igmc&orgUnit=LY&period=2019Q1", "", 200, &got)
			if got.DataSet != "igmc" || len(got.DataValues) != 1 {
				t.Fatalf("read back %+v", got)
			}
			if v := got.DataValues[0]; v.DataElement != "SPC-08" || v.Period != "2019Q1" || v.OrgUnit != "LY" || v.Value != "12" {
				t.Fatalf("read back %+v", v)
			}
			c.do("GET", "/api/v1/dataValueSets?dataSet=igmc", "", 200, &got)
			seen := map[string]string{}
			for _, v := range got.DataValues {
				seen[v.OrgUnit+" "+v.DataElement+" "+v.Period] = string(v.Value) + " " + v.Comment
			}
			want := map[string]string{"LY SPC-01 2019": "80 land bureau", "LY SPC-08 2019Q1": "12 ", "LY-N ENV-01 201901": "41.5 "}
			for k, v := range want {
				if seen[k] != v {
					t.Errorf("%s = %q, want %q (all: %v)", k, seen[k], v, seen)
				}
			}
			c.do("GET", "/api/v1/dataValueSets?dataSet=igmc&startDate=2019-01-01&endDate=2019-03-31", "", 200, &got)
			if len(got.DataValues) != 2 {
				t.Fatalf("the first quarter of 2019: %+v", got.DataValues)
			}
			c.do("GET", "/api/v1/dataValueSets?dataSet=igmc&startDate=2019-01-01", "", 200, &got)
			if len(got.DataValues) != 3 {
				t.Fatalf("from 2019: %+v", got.DataValues)
			}
			c.do("GET", "/api/v1/dataValueSets?dataSet=igmc&endDate=31-12-2019", "", 400, nil)
			c.do("GET", "/api/v1/dataValueSets?dataSet=igmc&period=2019W1", "", 400, nil)
			// An officer of LY-N reads LY-N's value only.
			north := c.as(c.userToken("north@example.org", indicators.RoleOfficer, "LY-N"))
			north.do("GET", "/api/v1/dataValueSets?dataSet=igmc", "", 200, &got)
			if len(got.DataValues) != 1 || got.DataValues[0].OrgUnit != "LY-N" {
				t.Fatalf("LY-N's officer reads %+v", got.DataValues)
			}
			// The answer posts back as it is: every value unchanged.
			c.do("POST", "/api/v1/dataValueSets", string(c.do("GET", "/api/v1/dataValueSets?dataSet=igmc", "", 200, nil)), 200, &sum)
			if sum.ImportCount != (indicators.ImportCount{Ignored: 3}) {
				t.Fatalf("posting the read back: %+v", sum)
			}
		})
		t.Run("strategies", func(t *testing.T) {
			set := `{"dataSet":"igmc","orgUnit":"LY","dataValues":[
				{"dataElement":"SPC-01","period":"2019","value":"81"},
				{"dataElement":"SPC-01","period":"2018","value":"79"}]}`
			var sum indicators.ImportSummary
			c.do("POST", "/api/v1/dataValueSets?importStrategy=CREATE&dryRun=true", set, 200, &sum)
			if sum.ImportCount != (indicators.ImportCount{Imported: 1, Ignored: 1}) {
				t.Fatalf("CREATE dry run: %+v", sum)
			}
			c.do("POST", "/api/v1/dataValueSets?importStrategy=UPDATE", set, 200, &sum)
			if sum.ImportCount != (indicators.ImportCount{Updated: 1, Ignored: 1}) {
				t.Fatalf("UPDATE: %+v", sum)
			}
			c.do("POST", "/api/v1/dataValueSets?importStrategy=CREATE", set, 200, &sum)
			if sum.ImportCount != (indicators.ImportCount{Imported: 1, Ignored: 1}) {
				t.Fatalf("CREATE: %+v", sum)
			}
			var got indicators.DataValueSet
			c.do("GET", "/api/v1/dataValueSets?dataSet=igmc&orgUnit=LY&period=2019", "", 200, &got)
			if len(got.DataValues) != 1 || got.DataValues[0].Value != "81" {
				t.Fatalf("after UPDATE: %+v", got.DataValues)
			}
		})
	})
}

// TestDataValueSetsWarnings: a value the checks warn of needs a comment,
// which becomes its explanation; without one the set is refused whole.
func TestDataValueSetsWarnings(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.do("POST", "/api/v1/dataValueSets", `{"dataSet":"igmc","orgUnit":"LY-N","dataValues":[
			{"dataElement":"SPC-01","period":"2017","value":"40"},{"dataElement":"SPC-01","period":"2018","value":"41"}]}`, 200, nil)
		jump := `{"dataSet":"igmc","orgUnit":"LY-N","period":"2019","dataValues":[{"dataElement":"SPC-01","value":"95"%s}]}`
		for _, dry := range []string{"true", "false"} {
			var sum indicators.ImportSummary
			c.do("POST", "/api/v1/dataValueSets?dryRun="+dry, fmt.Sprintf(jump, ""), 409, &sum)
			if len(sum.Conflicts) != 1 || sum.Conflicts[0].ErrorCode != "explanation_required" || sum.Conflicts[0].Property != "comment" ||
				!slices.Equal(sum.Conflicts[0].Indexes, []int{0}) {
				t.Fatalf("dryRun=%s: %+v", dry, sum)
			}
		}
		var sum indicators.ImportSummary
		c.do("POST", "/api/v1/dataValueSets", fmt.Sprintf(jump, `,"comment":"a new industrial park opened"`), 200, &sum)
		if sum.ImportCount.Imported != 1 {
			t.Fatalf("summary %+v", sum)
		}
		p, err := c.store.ListMeasurements(context.Background(), indicators.MeasurementFilter{Framework: "igmc", Zone: "LY-N", Period: "2019", Limit: 10})
		if err != nil || len(p.Items) != 1 || p.Items[0].Explanation != "a new industrial park opened" || len(p.Items[0].Warnings) == 0 {
			t.Fatalf("stored %+v, %v", p.Items, err)
		}
	})
}

// TestDataValueSetsBodyLimit: a set over the upload limit is refused
// before it is read whole, and nothing is written.
func TestDataValueSetsBodyLimit(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		c, _ := uploadServer(t, s, int64(len(dhis2Set)-1))
		c.do("POST", "/api/v1/dataValueSets", dhis2Set, 400, nil)
		dhis2Empty(t, c)
	})
}
