package reports

import (
	"fmt"
	"io"
	"sort"
	"strconv"

	"igmc/indicators"
	"igmc/locale"
	"igmc/scoring"
)

// Compare is the comparison of zones the compare page shows: the ranking
// of one framework, year and basis, cut to the zones the reader may see
// and asked for, in rank order.
type Compare struct {
	Framework     indicators.Framework
	Year          int
	Basis         scoring.Basis
	MethodVersion string
	// Perspectives are the catalogue's, in its order: the columns.
	Perspectives []indicators.Perspective
	Rows         []scoring.RankRow
}

// ComparePDFMaxZones bounds the comparison PDF: about fifty pages of bars
// and as many of the table. The CSV has no bound.
const ComparePDFMaxZones = 2000

// CompareCSVColumns are the comparison CSV's fixed columns; after them
// come four per perspective of the catalogue, <code>_score,
// <code>_score_rounded, <code>_rating and <code>_rating_text.
var CompareCSVColumns = []string{"framework", "year", "basis", "method_version", "rank", "zone", "name_en", "name_zh",
	"index", "index_rounded", "reason", "reason_text", "coverage", "points", "points_rounded", "grade", "grade_text"}

// WriteCompareCSV writes one row per zone, written as it goes.
func WriteCompareCSV(w io.Writer, cmp *Compare, o CSVOptions) error {
	if err := o.start(w); err != nil {
		return err
	}
	l := o.lang()
	cw := indicators.NewCSVWriter(w)
	head := append([]string{}, CompareCSVColumns...)
	for _, p := range cmp.Perspectives {
		head = append(head, p.Code+"_score", p.Code+"_score_rounded", p.Code+"_rating", p.Code+"_rating_text")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, 0, len(head))
	for i, r := range cmp.Rows {
		rec = append(rec[:0], cmp.Framework.Code, strconv.Itoa(cmp.Year), string(cmp.Basis), cmp.MethodVersion, strconv.Itoa(r.Rank),
			r.Zone, r.NameEn, r.NameZh, num(r.Index), rounded(r.Index), string(r.Reason), compareReason(l, r.Reason), frac(r.Coverage),
			fmtNum(r.Points), rounded(&r.Points), str(r.Grade), GradeText(l, r.Grade))
		by := map[string]scoring.RankPerspective{}
		for _, p := range r.Perspectives {
			by[p.Code] = p
		}
		for _, p := range cmp.Perspectives {
			rp, ok := by[p.Code]
			if !ok {
				rec = append(rec, "", "", "", "")
				continue
			}
			rec = append(rec, num(rp.Score), rounded(rp.Score), string(rp.Rating), RatingText(l, rp.Rating))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		if i%512 == 511 {
			if cw.Flush(); cw.Error() != nil {
				return cw.Error()
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func compareReason(l *locale.Lang, r scoring.IndexReason) string {
	if r == "" {
		return ""
	}
	return l.T("compare.reason." + string(r))
}

// CompareBars are the zones sorted by index, highest first, those without
// an index last (by rank, then code).
func CompareBars(rows []scoring.RankRow) []scoring.RankRow {
	out := append([]scoring.RankRow(nil), rows...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Index, out[j].Index
		switch {
		case a != nil && b != nil && *a != *b:
			return *a > *b
		case (a == nil) != (b == nil):
			return a != nil
		}
		return out[i].Zone < out[j].Zone
	})
	return out
}

// WriteComparePDF writes the comparison as a printable A4 PDF: the bar
// chart of the index per zone, highest first, then the ranking table.
func WriteComparePDF(w io.Writer, cmp *Compare, o PDFOptions) (string, error) {
	d := drawCompare(cmp, o)
	return d.Notice, d.output(w)
}

func drawCompare(cmp *Compare, o PDFOptions) *pdfDoc {
	d := newPDFDoc(o, fmt.Sprintf("Comparison %s %d", cmp.Framework.Code, cmp.Year))
	l := d.L
	fw := FrameworkName(l, cmp.Framework, cmp.Framework.Code)
	d.footer(o.Now, cmp.MethodVersion, l.T("report.compare.running_head", "Framework", fw, "Year", cmp.Year, "Basis", l.T("basis."+string(cmp.Basis))))
	d.f.AddPage()
	d.font("B", 18)
	d.f.SetTextColor(31, 107, 58)
	d.f.CellFormat(pdfWidth, 9, d.tx(l.T("compare.title", "Year", cmp.Year)), "", 1, "L", false, 0, "")
	d.f.SetTextColor(0, 0, 0)
	d.font("", 9)
	d.f.CellFormat(pdfWidth, 6, d.tx(l.T("report.compare.facts", "Framework", fw, "Zones", len(cmp.Rows), "Method", cmp.MethodVersion)), "", 1, "L", false, 0, "")
	d.f.Ln(1)
	d.basis(cmp.Basis)
	if d.Notice != "" {
		d.notice(d.Notice, [3]int{253, 236, 234})
	}
	if len(cmp.Rows) == 0 {
		d.para(l.T("compare.no_zones"), 10)
		return d
	}
	var bars []pdfBar
	for _, r := range CompareBars(cmp.Rows) {
		bars = append(bars, pdfBar{Label: l.Name(r.NameEn, r.NameZh) + " (" + r.Zone + ")", Score: r.Index})
	}
	d.barChart(l.T("report.compare.chart"), zoneBars, bars)

	rows := make([][]pdfCell, 0, len(cmp.Rows))
	for _, r := range cmp.Rows {
		index := IndexText(l, r.Index)
		if r.Index == nil && r.Reason != "" {
			index += " " + compareReason(l, r.Reason)
		}
		rows = append(rows, []pdfCell{{Text: strconv.Itoa(r.Rank), Keep: true}, {Text: r.Zone, Keep: true}, {Text: l.Name(r.NameEn, r.NameZh)},
			{Text: index, Keep: true}, {Text: FigureText(l, &r.Points), Keep: true}, {Text: GradeText(l, r.Grade), Keep: true}, {Text: l.Pct(r.Coverage), Keep: true}})
	}
	cols := []pdfCol{{l.T("compare.rank"), 12, "R", false}, {l.T("report.code"), 18, "L", false}, {l.T("compare.zone"), 70, "L", true},
		{l.T("report.index"), 24, "R", false}, {l.T("report.points"), 18, "R", false}, {l.T("report.grade"), 20, "L", false},
		{l.T("report.coverage"), 18, "R", false}}
	d.heading(l.T("compare.ranking"), d.tableStart(cols, rows))
	d.table(cols, rows)
	return d
}
