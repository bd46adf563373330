package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// The DHIS2 dataValueSets routes (docs/open-data.md, "DHIS2
// dataValueSets"): the same all-or-nothing measurements import as a CSV
// file, in DHIS2's JSON and with its ImportSummary as the answer.

// maxDHIS2Values bounds the values one GET answers with.
const maxDHIS2Values = 100_000

// maxDHIS2Body bounds a posted set, which is held in memory whole (some
// half a million values); a smaller upload limit applies instead.
const maxDHIS2Body = 64 << 20

// dhis2Strategy reads importStrategy; DHIS2's older names are accepted.
func dhis2Strategy(v string) (indicators.ImportStrategy, error) {
	switch v {
	case "", "CREATE_AND_UPDATE", "NEW_AND_UPDATES":
		return indicators.CreateAndUpdate, nil
	case "CREATE", "NEW":
		return indicators.CreateOnly, nil
	case "UPDATE", "UPDATES":
		return indicators.UpdateOnly, nil
	case "DELETE", "DELETES":
		return indicators.DeleteStrategy, nil
	}
	return "", bad("importStrategy must be CREATE, UPDATE or CREATE_AND_UPDATE")
}

func (s *Server) dataValueSetsImport(c *gin.Context) {
	strategy, err := dhis2Strategy(c.Query("importStrategy"))
	if err != nil {
		s.fail(c, err)
		return
	}
	dry, err := boolQuery(c, "dryRun")
	if err != nil {
		s.fail(c, err)
		return
	}
	sum := indicators.ImportSummary{ResponseType: "ImportSummary", Status: "SUCCESS", Conflicts: []indicators.ImportConflict{},
		ImportOptions: indicators.DHIS2ImportOptions{DryRun: dry, ImportStrategy: strategy}}
	if strategy == indicators.DeleteStrategy {
		sum.Status, sum.Description = "ERROR", "the DELETE strategy is refused: values are withdrawn only through review, never by an import"
		c.JSON(http.StatusConflict, sum)
		return
	}
	var set indicators.DataValueSet
	if err := bindJSONLimit(c, &set, min(s.maxDataUpload(), maxDHIS2Body)); err != nil {
		s.fail(c, err)
		return
	}
	if set.DataSet == "" {
		s.fail(c, bad("dataSet is required: the code of the framework"))
		return
	}
	if len(set.DataValues) == 0 {
		s.fail(c, bad("dataValues is empty"))
		return
	}
	if cs := set.Check(); len(cs) > 0 {
		s.dhis2Refuse(c, sum, cs, len(cs))
		return
	}
	for _, z := range set.OrgUnits() {
		if err := scope(c, z); z != "" && err != nil {
			s.fail(c, err)
			return
		}
	}
	opts := indicators.ImportOptions{Framework: set.DataSet, DryRun: dry, By: principalOf(c)}
	ctx := c.Request.Context()
	var keep func(int) bool
	ignored := 0
	if strategy != indicators.CreateAndUpdate {
		// A dry run tells which values are new; CREATE keeps only those,
		// UPDATE only the others.
		pre := opts
		pre.DryRun, pre.Preview = true, len(set.DataValues)
		res, err := s.svc.ImportMeasurements(ctx, set.Rows(nil), pre)
		if err != nil {
			s.dhis2Fail(c, sum, &set, err)
			return
		}
		isNew := map[int]bool{}
		var news []indicators.ImportChange
		if res.Preview != nil {
			news = res.Preview.NewValues
		}
		for _, ch := range news {
			isNew[indicators.IndexOfLine(ch.Line)] = true
		}
		keep = func(i int) bool { return isNew[i] == (strategy == indicators.CreateOnly) }
		for i := range set.DataValues {
			if !keep(i) {
				ignored++
			}
		}
	}
	res := indicators.ImportResult{}
	if ignored < len(set.DataValues) {
		if res, err = s.svc.ImportMeasurements(ctx, set.Rows(keep), opts); err != nil {
			s.dhis2Fail(c, sum, &set, err)
			return
		}
	}
	if dry && res.Unexplained > 0 {
		// The real import would refuse these: say so now.
		var cs []indicators.ImportConflict
		for _, w := range res.Warnings {
			if w.Explain == "" {
				i := indicators.IndexOfLine(w.Line)
				cs = append(cs, indicators.ImportConflict{Object: set.DHIS2Field(i, "dataElement"), ErrorCode: "explanation_required", Property: "comment",
					Value: "the checks warn of this value: give a comment that explains it", Indexes: []int{i}})
			}
		}
		s.dhis2Refuse(c, sum, cs, res.Unexplained)
		return
	}
	sum.ImportCount = indicators.ImportCount{Imported: res.New, Updated: res.Changed, Ignored: res.Unchanged + res.Skipped + ignored}
	sum.Description = "Import process completed successfully"
	if dry {
		sum.Description = "Dry run: the values were checked and nothing was written"
	}
	c.JSON(http.StatusOK, sum)
}

// dhis2Fail answers a refused import: its bad values as conflicts, any
// other error in the usual shape.
func (s *Server) dhis2Fail(c *gin.Context, sum indicators.ImportSummary, set *indicators.DataValueSet, err error) {
	var e *indicators.Error
	if !errors.As(err, &e) || e.Code != indicators.Invalid || len(e.Fields) == 0 {
		s.fail(c, err)
		return
	}
	cs := make([]indicators.ImportConflict, 0, len(e.Fields))
	for _, fe := range e.Fields {
		i := indicators.IndexOfLine(fe.Line)
		prop := indicators.DHIS2Property(fe.Field)
		cf := indicators.ImportConflict{Object: indicators.Excerpt(set.DHIS2Field(i, prop)), Value: fe.Message, ErrorCode: fe.Code, Property: prop}
		if i >= 0 {
			cf.Indexes = []int{i}
		}
		cs = append(cs, cf)
	}
	s.dhis2Refuse(c, sum, cs, max(e.Total, len(cs)))
}

// dhis2Refuse answers 409 with the conflicts; nothing was written.
func (s *Server) dhis2Refuse(c *gin.Context, sum indicators.ImportSummary, cs []indicators.ImportConflict, total int) {
	sum.Status, sum.Conflicts = "ERROR", cs
	sum.ImportCount = indicators.ImportCount{}
	word := "conflicts"
	if total == 1 {
		word = "conflict"
	}
	sum.Description = fmt.Sprintf("The import was refused, nothing was written: %d %s", total, word)
	if total > len(cs) {
		sum.Description += fmt.Sprintf(", the first %d listed", len(cs))
	}
	c.JSON(http.StatusConflict, sum)
}

func (s *Server) dataValueSetsShow(c *gin.Context) {
	set := indicators.DataValueSet{DataSet: c.Query("dataSet"), Period: c.Query("period"), OrgUnit: c.Query("orgUnit"),
		DataValues: []indicators.DataValue{}}
	if set.DataSet == "" {
		s.fail(c, bad("the query parameter dataSet is required: the code of the framework"))
		return
	}
	f := indicators.MeasurementFilter{Framework: set.DataSet, Zone: set.OrgUnit, Zones: principalOf(c).ScopeCodes(), Limit: 1000}
	if set.Period != "" {
		p, err := indicators.ParseDHIS2Period(set.Period)
		if err != nil {
			s.fail(c, bad("%v", err))
			return
		}
		f.Period = p
	}
	var from, to time.Time
	for _, d := range []struct {
		name string
		t    *time.Time
	}{{"startDate", &from}, {"endDate", &to}} {
		if v := c.Query(d.name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				s.fail(c, bad("%s must be a day written YYYY-MM-DD", d.name))
				return
			}
			*d.t = t
		}
	}
	if !from.IsZero() && from.Year() == to.Year() {
		f.Year = from.Year()
	}
	if set.OrgUnit != "" {
		if err := scope(c, set.OrgUnit); err != nil {
			s.fail(c, err)
			return
		}
	}
	for {
		page, err := s.svc.ListMeasurements(c.Request.Context(), f)
		if err != nil {
			s.fail(c, err)
			return
		}
		if page.Total > maxDHIS2Values {
			s.fail(c, indicators.Errorf(indicators.Invalid, "more than %d values match: name a period or an orgUnit", maxDHIS2Values))
			return
		}
		for _, m := range page.Items {
			if p, err := indicators.ParsePeriod(m.Period); err != nil || !p.Within(from, to) {
				continue
			}
			set.DataValues = append(set.DataValues, indicators.DataValue{DataElement: m.IndicatorCode, Period: indicators.DHIS2Period(m.Period),
				OrgUnit: m.ZoneCode, CategoryOptionCombo: indicators.DHIS2DefaultCombo, AttributeOptionCombo: indicators.DHIS2DefaultCombo,
				Value: indicators.DHIS2Value(indicators.FormatNumber(m.Value)), StoredBy: m.EnteredBy, Comment: m.Comment,
				Created: m.CreatedAt.UTC().Format(time.RFC3339), LastUpdated: m.UpdatedAt.UTC().Format(time.RFC3339)})
		}
		if page.Next == nil {
			break
		}
		f.After = *page.Next
	}
	c.JSON(http.StatusOK, set)
}
