package storage

import (
	"context"
	"strconv"

	"igmc/indicators"
)

// The preview of an import: the first values it adds and changes, by
// line, with the stored values they replace. The staged rows are read
// with LIMIT, so a preview costs a bounded answer whatever the file's size.

const previewNewSQL = `SELECT s.line, s.zone_id, s.indicator_id, s.period, s.value, s.source, s.comment
	FROM import_staging s
	LEFT JOIN measurements m ON m.zone_id = s.zone_id AND m.indicator_id = s.indicator_id AND m.period = s.period
	WHERE m.id IS NULL ORDER BY s.line LIMIT ?`

const previewChangedSQL = `SELECT s.line, s.zone_id, s.indicator_id, s.period, s.value, s.source, s.comment, m.value, m.source, m.comment
	FROM import_staging s
	JOIN measurements m ON m.zone_id = s.zone_id AND m.indicator_id = s.indicator_id AND m.period = s.period
	WHERE NOT (` + sameRow + `) ORDER BY s.line LIMIT ?`

// previewStaging fills res's Preview with up to n of
// each from the staging table, naming zones and indicators by code.
func previewStaging(ctx context.Context, bt bulkTx, res *indicators.ImportResult, n int, chk *indicators.RowChecker) error {
	zones := make(map[int64]string, len(chk.Zones))
	for code, id := range chk.Zones {
		zones[id] = code
	}
	inds := make(map[int64]string, len(chk.Indicators))
	for code, ref := range chk.Indicators {
		inds[ref.ID] = code
	}
	read := func(q string, changed bool) ([]indicators.ImportChange, error) {
		rows, err := bt.query(ctx, q, n)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []indicators.ImportChange
		for rows.Next() {
			var ch indicators.ImportChange
			var line int64
			var zone, ind int64
			dest := []any{&line, &zone, &ind, &ch.Period, &ch.Value, &ch.Source, &ch.Comment}
			if changed {
				ch.Old = &indicators.StoredValue{}
				dest = append(dest, &ch.Old.Value, &ch.Old.Source, &ch.Old.Comment)
			}
			if err := rows.Scan(dest...); err != nil {
				return nil, translate(err, "import preview")
			}
			ch.Line, ch.ZoneCode, ch.IndicatorCode = int(line), zones[zone], inds[ind]
			out = append(out, ch)
		}
		return out, translate(rows.Err(), "import preview")
	}
	p := &indicators.ImportPreview{}
	res.Preview = p
	var err error
	if res.New > 0 {
		if p.NewValues, err = read(previewNewSQL, false); err != nil {
			return err
		}
	}
	if res.Changed > 0 {
		p.ChangedValues, err = read(previewChangedSQL, true)
	}
	return err
}

// sampleOf is a checked row as a preview shows it.
func sampleOf(chk *indicators.RowChecker, rec []string, r *indicators.ImportRow) indicators.ImportChange {
	return indicators.ImportChange{Line: r.Line, ZoneCode: chk.Header.Get(rec, "zone_code"), IndicatorCode: chk.Header.Get(rec, "indicator_code"),
		Period: r.Period, Value: r.Value, Source: r.Source, Comment: r.Comment}
}

// noValues refuses a file whose every row has an empty value.
func noValues(skipped int) error {
	n := strconv.Itoa(skipped)
	return indicators.FieldsError("no row of the file has a value", []indicators.FieldError{{Line: 2, Field: "value", Code: "no_values",
		Message: "none of the " + n + " rows has a value: there is nothing to import", Args: map[string]string{"skipped": n}}})
}
