package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"igmc/indicators"
	"igmc/reports"
)

// sdmxMessage is what the tests read of a structure message, by the SDMX
// 2.1 namespaces (so a wrong namespace reads as nothing).
type sdmxMessage struct {
	XMLName    xml.Name `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message Structure"`
	Structures struct {
		Dataflows []struct {
			ID      string `xml:"id,attr"`
			Agency  string `xml:"agencyID,attr"`
			Version string `xml:"version,attr"`
		} `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure Dataflows>Dataflow"`
		Codelists []struct {
			ID    string   `xml:"id,attr"`
			Codes []sdmxID `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure Code"`
		} `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure Codelists>Codelist"`
		Concepts []sdmxID `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure Concepts>ConceptScheme>Concept"`
		DSD      struct {
			Dimensions []sdmxID `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure DataStructureComponents>DimensionList>Dimension"`
			Time       sdmxID   `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure DataStructureComponents>DimensionList>TimeDimension"`
			Attributes []sdmxID `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure DataStructureComponents>AttributeList>Attribute"`
			Measure    sdmxID   `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure DataStructureComponents>MeasureList>PrimaryMeasure"`
		} `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure DataStructures>DataStructure"`
	} `xml:"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message Structures"`
}

type sdmxID struct {
	ID string `xml:"id,attr"`
}

// parseSDMXStructure checks that body is well-formed XML throughout and
// reads the structure: the codes of each code list by the list's id.
func parseSDMXStructure(t *testing.T, body []byte) (sdmxMessage, map[string]map[string]bool) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the structure is not well-formed XML: %v\n%s", err, body)
		}
	}
	var m sdmxMessage
	if err := xml.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	codes := map[string]map[string]bool{}
	for _, cl := range m.Structures.Codelists {
		codes[cl.ID] = map[string]bool{}
		for _, c := range cl.Codes {
			codes[cl.ID][c.ID] = true
		}
	}
	return m, codes
}

// parseSDMXCSV reads an SDMX-CSV file, checking its header.
func parseSDMXCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the SDMX-CSV does not parse: %v", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS" {
		t.Fatalf("the SDMX-CSV header is %v", recs)
	}
	return recs[1:]
}

// apiValues lists the values of a framework's year through the JSON API,
// page by page, keyed by zone, indicator and period.
func apiValues(c *client, q url.Values) map[string]indicators.Measurement {
	out := map[string]indicators.Measurement{}
	cursor := ""
	for {
		var page struct {
			Items []indicators.Measurement `json:"items"`
			Next  *string                  `json:"next"`
		}
		q.Set("limit", "1000")
		q.Set("cursor", cursor)
		c.do("GET", "/api/v1/measurements?"+q.Encode(), "", 200, &page)
		for _, m := range page.Items {
			out[m.ZoneCode+"|"+m.IndicatorCode+"|"+m.Period] = m
		}
		if page.Next == nil {
			return out
		}
		cursor = *page.Next
	}
}

// TestSDMXMatchesTheAPI: the SDMX-CSV of a demo year parses back to the
// values the JSON API lists, each with the OBS_STATUS of its status and
// quality, and every code in it is named by the structure.
func TestSDMXMatchesTheAPI(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		// One estimate and one rejected value: E, and left out.
		var ms struct {
			Items []indicators.Measurement `json:"items"`
		}
		c.do("GET", "/api/v1/measurements?framework=igmc&year=2020&zone=LY-BIO&limit=2", "", 200, &ms)
		if len(ms.Items) < 2 {
			t.Fatalf("the demo has %d values of LY-BIO in 2020", len(ms.Items))
		}
		c.do("POST", "/api/v1/measurements/"+itoa(ms.Items[0].ID)+"/reject", `{"comment":"check"}`, 200, nil)
		cat, err := c.store.Catalogue(t.Context(), "igmc")
		if err != nil {
			t.Fatal(err)
		}
		units := map[string]string{}
		for _, ind := range cat.Indicators {
			units[ind.Code] = reports.UnitCode(ind.Unit)
		}
		structure := c.do("GET", "/api/v1/exports/sdmx-structure.xml?framework=igmc", "", 200, nil)
		m, codes := parseSDMXStructure(t, structure)
		st, dsd := m.Structures, m.Structures.DSD
		if len(st.Dataflows) != 1 || len(dsd.Dimensions) != 2 || dsd.Time.ID != "TIME_PERIOD" || dsd.Measure.ID != "OBS_VALUE" || len(dsd.Attributes) != 2 || len(st.Concepts) != 6 {
			t.Fatalf("the structure lacks a part: %+v", m)
		}
		flow := st.Dataflows[0].Agency + ":" + st.Dataflows[0].ID + "(" + st.Dataflows[0].Version + ")"
		for _, year := range []string{"2019", "2020"} {
			want := apiValues(c, url.Values{"framework": {"igmc"}, "year": {year}})
			rows := parseSDMXCSV(t, c.do("GET", "/api/v1/exports/sdmx.csv?framework=igmc&year="+year, "", 200, nil))
			seen := map[string]bool{}
			for _, r := range rows {
				key := r[1] + "|" + r[2] + "|" + r[3]
				v, ok := want[key]
				switch {
				case !ok:
					t.Fatalf("%s: the SDMX-CSV has %s, the API does not", year, key)
				case seen[key]:
					t.Fatalf("%s: %s twice", year, key)
				case r[0] != flow:
					t.Fatalf("%s: DATAFLOW %q, the structure's dataflow is %q", year, r[0], flow)
				}
				seen[key] = true
				got, err := strconv.ParseFloat(r[4], 64)
				obs, _ := reports.ObsStatus(v.Status, v.Quality)
				if err != nil || got != v.Value || r[5] != units[v.IndicatorCode] || r[6] != obs {
					t.Errorf("%s: %v, the API has %v %s %s", key, r, v.Value, v.Status, v.Quality)
				}
				for i, list := range map[int]string{1: "CL_REF_AREA", 2: "CL_INDICATOR", 5: "CL_UNIT_MEASURE", 6: "CL_OBS_STATUS"} {
					if !codes[list][r[i]] {
						t.Errorf("%s: %s %q is not in the structure's %s", key, reports.SDMXColumns[i], r[i], list)
					}
				}
			}
			statuses := map[string]int{}
			for key, v := range want {
				st, ok := reports.ObsStatus(v.Status, v.Quality)
				statuses[st]++
				if ok != seen[key] {
					t.Errorf("%s: %s (%s) in the SDMX-CSV: %v", year, key, v.Status, seen[key])
				}
			}
			t.Logf("%s: %d rows, statuses %v", year, len(rows), statuses)
			if len(rows) == 0 || (year == "2019" && statuses[reports.ObsNormal] == 0) || (year == "2020" && (statuses[reports.ObsProvisional] == 0 || statuses[""] != 1)) {
				t.Errorf("%s: the year does not show the statuses it should: %v", year, statuses)
			}
		}
	})
}

// TestSDMXScope: an officer's SDMX files hold their zones only, codes and
// rows alike; without the framework the answer is 422, without a sign-in
// 401.
func TestSDMXScope(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		c.demo()
		officer := c.as(c.userToken("bio@example.org", indicators.RoleOfficer, "LY-BIO"))
		rows := parseSDMXCSV(t, officer.do("GET", "/api/v1/exports/sdmx.csv?framework=igmc", "", 200, nil))
		if len(rows) == 0 {
			t.Fatal("the officer's SDMX-CSV is empty")
		}
		for _, r := range rows {
			if r[1] != "LY-BIO" {
				t.Fatalf("the officer of LY-BIO gets a row of %s", r[1])
			}
		}
		_, codes := parseSDMXStructure(t, officer.do("GET", "/api/v1/exports/sdmx-structure.xml?framework=igmc", "", 200, nil))
		if len(codes["CL_REF_AREA"]) != 1 || !codes["CL_REF_AREA"]["LY-BIO"] {
			t.Errorf("the officer's structure lists the zones %v", codes["CL_REF_AREA"])
		}
		c.do("GET", "/api/v1/exports/sdmx.csv", "", 422, nil)
		c.do("GET", "/api/v1/exports/sdmx.csv?framework=igmc&year=20x9", "", 422, nil)
		c.do("GET", "/api/v1/exports/sdmx-structure.xml", "", 422, nil)
		c.do("GET", "/api/v1/exports/sdmx.csv?framework=nope", "", 404, nil)
		c.as("").do("GET", "/api/v1/exports/sdmx.csv?framework=igmc", "", 401, nil)
		c.as("").do("GET", "/api/v1/exports/sdmx-structure.xml?framework=igmc", "", 401, nil)
	})
}

// checkSDMXCSV: LY's rows only for callers whose scope holds LY.
func checkSDMXCSV(t *testing.T, who matrixCaller, body []byte) {
	ly := false
	for _, r := range parseSDMXCSV(t, body) {
		ly = ly || r[1] == "LY"
	}
	if ly != who.inZone {
		t.Errorf("%s's SDMX-CSV has LY: %v, LY in scope: %v", who.name, ly, who.inZone)
	}
}

// checkSDMXStructure: the zone code list names LY only for callers whose
// scope holds it.
func checkSDMXStructure(t *testing.T, who matrixCaller, body []byte) {
	_, codes := parseSDMXStructure(t, body)
	if codes["CL_REF_AREA"]["LY"] != who.inZone || len(codes["CL_INDICATOR"]) == 0 {
		t.Errorf("%s's structure lists LY: %v (in scope: %v), %d indicators", who.name, codes["CL_REF_AREA"]["LY"], who.inZone, len(codes["CL_INDICATOR"]))
	}
}
