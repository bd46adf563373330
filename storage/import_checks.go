package storage

import (
	"context"
	"strings"
	"sync/atomic"

	"igmc/indicators"
)

// The data-quality checks of an import (SPEC §8). One Checker serves the
// whole file, fed chunk by chunk as the rows stream past, so that memory
// stays bounded whatever the file's size:
//
//   - a failed rule of severity error refuses the file, naming the row's
//     line, like any other bad row (§5.4);
//   - other warnings are listed in the result (the first
//     MaxImportWarnings rows, and counted); on a commit a warned row needs
//     explain text, or the importer's confirmation (AcceptWarnings), else
//     the file is refused naming the rows;
//   - a row that goes in keeps its warnings (JSON) and its explanation.
//
// The rows of one chunk stand in for the stored values wherever a check
// reads them. A chunk ends at a change of zone once it holds
// checkChunkMin rows (and in any case at checkChunkMax), so a file sorted
// by zone — as templates and exports are — compares each value with the
// file's own other values of its zone; values of one zone scattered far
// apart in a file are compared with the stored ones only.
const (
	checkChunkMin = 4096
	checkChunkMax = 65536
)

// pendingRow is a checked row waiting for its chunk's checks.
type pendingRow struct {
	row             indicators.ImportRow
	zone, indicator string
	// warnings is the JSON of the row's warnings, '' for none.
	warnings string
	// locator is the row's locatorHash.
	locator string
}

// importChecks runs the checks of one import.
type importChecks struct {
	ctx            context.Context
	ch             *Checker
	rules          map[string]indicators.Rule
	res            *indicators.ImportResult
	dryRun, accept bool
	batch          []CheckRow
	buf            []byte
}

// withoutImportChecks, set only by the benchmark that measures what the
// checks cost, skips them: no import path can turn them off.
var withoutImportChecks atomic.Bool

func (s *Store) newImportChecks(ctx context.Context, opts indicators.ImportOptions, res *indicators.ImportResult) (*importChecks, error) {
	if withoutImportChecks.Load() {
		return nil, nil
	}
	ch, err := s.NewChecker(ctx, opts.Framework)
	if err != nil {
		return nil, err
	}
	ic := &importChecks{ctx: ctx, ch: ch, rules: map[string]indicators.Rule{}, res: res, dryRun: opts.DryRun, accept: opts.AcceptWarnings}
	for _, r := range ch.rules {
		ic.rules[r.Code] = r
	}
	return ic, nil
}

// close lets go of what the checks keep on disk (nil: none run).
func (ic *importChecks) close() {
	if ic != nil {
		ic.ch.Close()
	}
}

// run checks a chunk, recording refusals in errs and filling each row's
// warnings.
func (ic *importChecks) run(chunk []pendingRow, errs *indicators.FieldErrors) error {
	if ic == nil || len(chunk) == 0 {
		return nil
	}
	ic.batch = ic.batch[:0]
	for i := range chunk {
		p := &chunk[i]
		ic.batch = append(ic.batch, CheckRow{Zone: p.zone, Indicator: p.indicator, Period: p.row.Period, Value: p.row.Value})
	}
	out, err := ic.ch.CheckRows(ic.ctx, ic.batch)
	if err != nil {
		return err
	}
	for i, ws := range out {
		if len(ws) == 0 {
			continue
		}
		p := &chunk[i]
		kept := make([]indicators.Warning, 0, len(ws))
		refused := false
		for _, w := range ws {
			if w.Severity != indicators.SeverityError {
				kept = append(kept, w)
				continue
			}
			r := ic.rules[w.Rule]
			errs.AddWith(p.row.Line, "value", "rule_error", map[string]string{"rule": w.Rule, "message": r.MessageEn, "message_zh": r.MessageZh},
				"rule %s refuses the value: %s", w.Rule, r.MessageEn)
			refused = true
		}
		if refused || len(kept) == 0 {
			continue
		}
		var err error
		if ic.buf, err = appendWarnings(ic.buf[:0], kept); err != nil {
			return err
		}
		p.warnings = string(ic.buf)
		ic.res.Warned++
		if p.row.Explain == "" {
			ic.res.Unexplained++
			if !ic.dryRun && !ic.accept {
				codes := make([]string, len(kept))
				for j, w := range kept {
					codes[j] = w.Check
				}
				errs.AddWith(p.row.Line, "explanation", "explanation_required", map[string]string{"warnings": strings.Join(codes, ", ")},
					"the checks warn of this value (%s): give explain text or confirm the warnings", strings.Join(codes, ", "))
			}
		}
		if len(ic.res.Warnings) < indicators.MaxImportWarnings {
			ic.res.Warnings = append(ic.res.Warnings, indicators.RowWarning{Line: p.row.Line, ZoneCode: p.zone, IndicatorCode: p.indicator,
				Period: p.row.Period, Value: p.row.Value, Explain: p.row.Explain, Warnings: kept})
		}
	}
	return nil
}
