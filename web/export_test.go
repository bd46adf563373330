package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"igmc/indicators"
)

// TestScorecardExports loads an approved value for every indicator of LY
// through the API, then checks that the CSV and XLSX scorecards carry the
// JSON scorecard's index, and that they keep to the caller's zones.
func TestScorecardExports(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		approveEveryIndicator(t, c)
		var card struct {
			Index struct {
				Score *float64 `json:"score"`
			} `json:"index"`
		}
		c.do("GET", "/api/v1/zones/LY/scorecard?framework=igmc&year=2019", "", 200, &card)
		if card.Index.Score == nil {
			t.Fatal("with every indicator approved the scorecard should have an index")
		}
		const q = "?framework=igmc&year=2019"

		t.Run("csv_has_the_json_index", func(t *testing.T) {
			resp, body := download(t, c, "/api/v1/zones/LY/scorecard.csv"+q, c.token)
			wantFile(t, resp, "text/csv; charset=utf-8", "LY-igmc-2019-official.csv")
			rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil || len(rows) < 2 {
				t.Fatalf("csv %v: %s", err, body)
			}
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			index := rows[1]
			if index[col["level"]] != "index" || index[col["zone"]] != "LY" {
				t.Fatalf("the second row is not LY's index row: %v", index)
			}
			if want := indicators.FormatNumber(*card.Index.Score); index[col["score"]] != want {
				t.Fatalf("csv index %q, json index %s", index[col["score"]], want)
			}
		})
		t.Run("xlsx_opens_with_the_json_index", func(t *testing.T) {
			resp, body := download(t, c, "/api/v1/zones/LY/scorecard.xlsx"+q, c.token)
			wantFile(t, resp, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "LY-igmc-2019-official.xlsx")
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if sheets := f.GetSheetList(); len(sheets) != 7 || sheets[0] != "Summary" {
				t.Fatalf("sheets %v", sheets)
			}
			label, _ := f.GetCellValue("Summary", "A7")
			typ, _ := f.GetCellType("Summary", "B7")
			v, _ := f.GetCellValue("Summary", "B7", excelize.Options{RawCellValue: true})
			if label != "index" || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) || v != fmt.Sprintf("%.15g", *card.Index.Score) {
				t.Fatalf("Summary index row %q = %q (type %d), json index %v", label, v, typ, *card.Index.Score)
			}
		})
		t.Run("officer_of_another_zone_403", func(t *testing.T) {
			c.do("POST", "/api/v1/zones", `{"code":"OTHER","name_en":"Another zone"}`, 201, nil)
			other := c.userToken("other@example.org", indicators.RoleOfficer, "OTHER")
			for _, ext := range []string{"csv", "xlsx"} {
				resp, body := download(t, c, "/api/v1/zones/LY/scorecard."+ext+q, other)
				var e apiError
				if resp.StatusCode != http.StatusForbidden || json.Unmarshal(body, &e) != nil || e.Error.Code != "forbidden" {
					t.Fatalf("%s: status %d: %s", ext, resp.StatusCode, body)
				}
			}
		})
		t.Run("bad_query_422", func(t *testing.T) {
			resp, body := download(t, c, "/api/v1/zones/LY/scorecard.xlsx?status=maybe", c.token)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
		})
	})
}

// approveEveryIndicator imports a 2019 value of LY for every indicator of
// igmc, midway between its worst and best, and approves them all.
func approveEveryIndicator(t *testing.T, c *client) {
	t.Helper()
	var inds listOf[struct {
		Code      string   `json:"indicator_code"`
		Frequency string   `json:"frequency"`
		Best      *float64 `json:"best"`
		Worst     *float64 `json:"worst"`
		Min       *float64 `json:"min"`
	}]
	c.do("GET", "/api/v1/frameworks/igmc/indicators", "", 200, &inds)
	var file strings.Builder
	file.WriteString("zone_code,indicator_code,period,value\n")
	for _, ind := range inds.Items {
		period := map[string]string{"annual": "2019", "quarterly": "2019-Q4", "monthly": "2019-12"}[ind.Frequency]
		v := 1.0
		switch {
		case ind.Best != nil && ind.Worst != nil:
			v = (*ind.Best + *ind.Worst) / 2
		case ind.Min != nil:
			v = *ind.Min
		}
		fmt.Fprintf(&file, "LY,%s,%s,%s\n", ind.Code, period, indicators.FormatNumber(v))
	}
	c.send("POST", "/api/v1/measurements/import?framework=igmc", "text/csv", strings.NewReader(file.String()), 200, nil)
	var l listOf[measurementJSON]
	c.do("GET", "/api/v1/measurements?zone=LY&status=submitted&limit=1000", "", 200, &l)
	if l.Total != len(inds.Items) {
		t.Fatalf("%d values submitted, want %d", l.Total, len(inds.Items))
	}
	ids := make([]int64, len(l.Items))
	for i, m := range l.Items {
		ids[i] = m.ID
	}
	body, _ := json.Marshal(map[string]any{"ids": ids})
	c.do("POST", "/api/v1/measurements/approve", string(body), 200, nil)
}

// download GETs path with token and returns the answer and its body,
// whatever the status.
func download(t *testing.T, c *client, path, token string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", c.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// wantFile checks a 200 attachment's type and file name.
func wantFile(t *testing.T, resp *http.Response, ctype, name string) {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); got != ctype {
		t.Fatalf("Content-Type %q, want %q", got, ctype)
	}
	if got := resp.Header.Get("Content-Disposition"); got != `attachment; filename="`+name+`"` {
		t.Fatalf("Content-Disposition %q, want the file name %s", got, name)
	}
}
