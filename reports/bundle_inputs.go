package reports

import (
	"context"
	"encoding/json"
	"io"
	"sort"
	"strconv"

	"igmc/indicators"
	"igmc/scoring"
)

// The bundle's re-derivation files: with them alone a verifier recomputes
// every official scorecard of the bundle (RecomputeBundle).
const (
	FrameworkFileName = "framework.json"
	PlansName         = "plans.csv"
	ApplicabilityName = "applicability.csv"
	ApprovedName      = "approved.csv"
	ReadmeName        = "README.txt"
)

// ScoringSource is what the bundle reads to let a verifier recompute the
// official scorecards: the framework and each zone's options as the store
// scores them, and each zone's approved values, streamed.
type ScoringSource interface {
	BundleInputs(ctx context.Context, framework string, year int, zones []string) (scoring.Framework, map[string]scoring.Options, error)
	EachOfficialValue(ctx context.Context, framework, zone string, year int, fn func(scoring.Value) error) error
}

// frameworkFile is framework.json: the framework as the method scores it,
// every bound, threshold, target, weight and point after the catalogue's
// defaults, with the method's version.
type frameworkFile struct {
	Framework     string             `json:"framework"`
	MethodVersion string             `json:"method_version"`
	Year          int                `json:"year"`
	Perspectives  []frameworkPersp   `json:"perspectives"`
	Indicators    []frameworkInd     `json:"indicators"`
	GradeBands    []scoringGradeBand `json:"grade_bands"`
}

type frameworkPersp struct {
	Code   string  `json:"code"`
	NameEn string  `json:"name_en"`
	NameZh string  `json:"name_zh"`
	Weight float64 `json:"weight"`
}

type frameworkInd struct {
	Code          string   `json:"code"`
	Perspective   string   `json:"perspective"`
	Unit          string   `json:"unit"`
	Frequency     string   `json:"frequency"`
	Aggregation   string   `json:"aggregation"`
	Best          *float64 `json:"best"`
	Worst         *float64 `json:"worst"`
	Green         *float64 `json:"green"`
	Red           *float64 `json:"red"`
	BaselineValue *float64 `json:"baseline_value"`
	BaselineYear  int      `json:"baseline_year"`
	TargetValue   *float64 `json:"target_value"`
	TargetYear    int      `json:"target_year"`
	Weight        float64  `json:"weight"`
	Points        float64  `json:"points"`
}

type scoringGradeBand struct {
	Min   float64 `json:"min"`
	Grade string  `json:"grade"`
}

func newFrameworkFile(fw scoring.Framework, year int) frameworkFile {
	f := frameworkFile{Framework: fw.Code, MethodVersion: scoring.MethodVersion, Year: year,
		Perspectives: []frameworkPersp{}, Indicators: []frameworkInd{}, GradeBands: []scoringGradeBand{}}
	for _, p := range fw.Perspectives {
		f.Perspectives = append(f.Perspectives, frameworkPersp{p.Code, p.NameEn, p.NameZh, p.Weight})
	}
	for _, i := range fw.Indicators {
		f.Indicators = append(f.Indicators, frameworkInd{Code: i.Code, Perspective: i.Perspective, Unit: i.Unit,
			Frequency: string(i.Frequency), Aggregation: string(i.Aggregation), Best: i.Best, Worst: i.Worst, Green: i.Green, Red: i.Red,
			BaselineValue: i.BaselineValue, BaselineYear: i.BaselineYear, TargetValue: i.TargetValue, TargetYear: i.TargetYear,
			Weight: i.Weight, Points: i.Points})
	}
	for _, b := range fw.GradeBands {
		f.GradeBands = append(f.GradeBands, scoringGradeBand{b.Min, b.Grade})
	}
	return f
}

func (f frameworkFile) scoring() scoring.Framework {
	fw := scoring.Framework{Code: f.Framework}
	for _, p := range f.Perspectives {
		fw.Perspectives = append(fw.Perspectives, scoring.Perspective{Code: p.Code, NameEn: p.NameEn, NameZh: p.NameZh, Weight: p.Weight})
	}
	for _, i := range f.Indicators {
		fw.Indicators = append(fw.Indicators, scoring.Indicator{Code: i.Code, Perspective: i.Perspective, Unit: i.Unit,
			Frequency: scoring.Frequency(i.Frequency), Aggregation: scoring.Aggregation(i.Aggregation), Best: i.Best, Worst: i.Worst,
			Green: i.Green, Red: i.Red, BaselineValue: i.BaselineValue, BaselineYear: i.BaselineYear, TargetValue: i.TargetValue,
			TargetYear: i.TargetYear, Weight: i.Weight, Points: i.Points})
	}
	for _, b := range f.GradeBands {
		fw.GradeBands = append(fw.GradeBands, scoring.GradeBand{Min: b.Min, Grade: b.Grade})
	}
	return fw
}

// The columns of plans.csv (SPEC §2.2's plan file, with the zone),
// applicability.csv and approved.csv.
var (
	planColumns          = []string{"zone_code", "indicator_code", "kind", "year", "value"}
	applicabilityColumns = []string{"zone_code", "indicator_code", "reason"}
	approvedColumns      = []string{"zone_code", "indicator_code", "period", "value", "quality"}
)

// exact writes a number so that it reads back as the same float64.
func exact(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// bundleInputSteps returns the steps that write framework.json,
// plans.csv, applicability.csv and approved.csv, and the zones' options
// for the scorecards' step.
func bundleInputSteps(ctx context.Context, svc ScoringSource, framework string, year int, zones []indicators.Zone, scope []string) ([]bundleStep, error) {
	fw, opts, err := svc.BundleInputs(ctx, framework, year, scope)
	if err != nil {
		return nil, err
	}
	freq := make(map[string]indicators.Frequency, len(fw.Indicators))
	for _, i := range fw.Indicators {
		freq[i.Code] = indicators.Frequency(i.Frequency)
	}
	codes := make([]string, 0, len(zones))
	for _, z := range zones {
		codes = append(codes, z.Code)
	}
	return []bundleStep{
		{FrameworkFileName, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(newFrameworkFile(fw, year))
		}},
		{PlansName, func(w io.Writer) error {
			return writeRows(w, planColumns, func(put func(...string) error) error {
				for _, z := range codes {
					for _, code := range sortedKeys(opts[z].Plans) {
						l := opts[z].Plans[code]
						if err := put(z, code, "baseline", strconv.Itoa(l.BaselineYear), exact(l.BaselineValue)); err != nil {
							return err
						}
						for _, m := range l.Milestones {
							if err := put(z, code, "milestone", strconv.Itoa(m.Year), exact(m.Value)); err != nil {
								return err
							}
						}
						if err := put(z, code, "target", strconv.Itoa(l.TargetYear), exact(l.TargetValue)); err != nil {
							return err
						}
					}
				}
				return nil
			})
		}},
		{ApplicabilityName, func(w io.Writer) error {
			return writeRows(w, applicabilityColumns, func(put func(...string) error) error {
				for _, z := range codes {
					for _, code := range sortedKeys(opts[z].NotApplicable) {
						if err := put(z, code, opts[z].NotApplicable[code]); err != nil {
							return err
						}
					}
				}
				return nil
			})
		}},
		{ApprovedName, func(w io.Writer) error {
			return writeRows(w, approvedColumns, func(put func(...string) error) error {
				for _, z := range codes {
					err := svc.EachOfficialValue(ctx, framework, z, year, func(v scoring.Value) error {
						p := indicators.Period{Year: v.Year, Sub: v.Sub, Frequency: freq[v.Indicator]}
						return put(z, v.Indicator, p.String(), exact(v.Value), string(v.Quality))
					})
					if err != nil {
						return err
					}
				}
				return nil
			})
		}},
	}, nil
}

// writeRows writes a CSV file: the header, then the rows rows puts.
func writeRows(w io.Writer, header []string, rows func(put func(...string) error) error) error {
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := rows(func(rec ...string) error { return cw.Write(rec) }); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
