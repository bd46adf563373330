package indicators

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// The Liuyang demo: the Liuyang Economic & Technological Development Zone
// and its three industrial clusters, with values for 2013–2020 for every
// indicator of the pilot catalogue. Where the zone's own description gives
// a figure (developed land, population, industrial output, the 2020 plan)
// the demo uses it and says so in the value's source; every other value is
// illustrative and its source says that too.

// DemoZones are the demo's zones: the park and its three clusters.
var DemoZones = []Zone{
	{Code: "LY", NameEn: "Liuyang Economic & Technological Development Zone", NameZh: "浏阳经济技术开发区", Type: ZonePark},
	{Code: "LY-BIO", NameEn: "Biomedicine cluster", NameZh: "生物医药产业集群", ParentCode: "LY", Type: ZoneCluster},
	{Code: "LY-EIT", NameEn: "Electronic information cluster", NameZh: "电子信息产业集群", ParentCode: "LY", Type: ZoneCluster},
	{Code: "LY-FOOD", NameEn: "Healthy food cluster", NameZh: "健康食品产业集群", ParentCode: "LY", Type: ZoneCluster},
}

// DemoFirstYear and DemoLastYear bound the demo's values.
const (
	DemoFirstYear = 2013
	DemoLastYear  = 2020
)

// The demo's sources are written as the zone's officers write them, in
// Chinese.
const (
	demoIllustrative = "示例数值，非官方统计"
	demoDescription  = "浏阳经开区简介"
	demoPlan         = "浏阳经开区 2020 年发展规划"
)

// demoFigures are the zone's own figures, 2013–2020, for the indicators
// they feed; the years between published figures are interpolated.
//   - SPC-01 land development rate: 16 of 20 km² developed in 2017 = 80 %,
//     20 of 20 km² in the 2020 plan = 100 %.
//   - SPC-03 population density on developed land: 150,000 / 16 km² =
//     9,375 persons/km² in 2017; 190,000 / 20 km² = 9,500 in the plan.
//   - ECO-01 industrial output per km²: 120 billion yuan / 16 km² = 7.5 in
//     2017 (more than double 2013's); 200 billion / 20 km² = 10 in the plan.
//   - ECO-02 fiscal revenue per km²: 7,000 million yuan / 20 km² = 350 in
//     the plan.
var demoFigures = map[string][8]float64{
	"SPC-01": {62, 66, 70, 75, 80, 86, 92, 100},
	"SPC-03": {8900, 9020, 9140, 9260, 9375, 9420, 9460, 9500},
	"ECO-01": {3.6, 5.2, 6.8, 7.2, 7.5, 8.3, 9.1, 10},
	"ECO-02": {210, 235, 257, 270, 285, 305, 325, 350},
}

// demoFigureYears say which of those years are published figures.
var demoFigureYears = map[string]map[int]string{
	"SPC-01": {2017: demoDescription + "：20 平方公里中已开发 16 平方公里", 2020: demoPlan + "：开发 20 平方公里"},
	"SPC-03": {2017: demoDescription + "：16 平方公里上 15 万人", 2020: demoPlan + "：20 平方公里上 19 万人"},
	"ECO-01": {2017: demoDescription + "：16 平方公里工业总产值 1200 亿元", 2020: demoPlan + "：20 平方公里逾 2000 亿元"},
	"ECO-02": {2020: demoPlan + "：20 平方公里财政收入逾 70 亿元"},
}

// demoPaths are the 2015 → 2020 ways of the indicators that Liuyang's
// plan sets, which the demo's values follow in every zone: the pilot
// catalogue no longer carries them (they are LY's plan, see DemoPlan).
var demoPaths = map[string]struct {
	base       float64
	baseYear   int
	target     float64
	targetYear int
}{
	"SPC-01": {70, 2015, 100, 2020},
	"SPC-02": {1.3, 2015, 0.94, 2020},
	"SPC-03": {9140, 2015, 9500, 2020},
	"ECO-01": {6.8, 2015, 10, 2020},
	"ECO-02": {257, 2015, 350, 2020},
}

// demoPace is how fast each indicator moves toward its target, as a share of
// the pace its plan needs: above 1 ahead, below 1 behind, negative worsening.
// Indicators take these in turn so the demo shows every trend class.
var demoPace = []float64{1.25, 0.85, 0.45, 0.05, -0.35, 1.05, 0.65}

// zoneShift makes each cluster a little better or worse than the park.
var zoneShift = map[string]float64{"LY": 0, "LY-BIO": 0.25, "LY-EIT": 0.1, "LY-FOOD": -0.3}

// DemoRow is one demo value.
type DemoRow struct {
	Zone, Indicator, Period string
	Value                   float64
	Source                  string
	// Quality is the value's quality code: official for a figure of the
	// zone's description, estimate for one interpolated between published
	// figures or taken from its plan, empty (administrative) for the
	// illustrative rest.
	Quality Quality
}

// DemoValues computes the demo's values for every zone and indicator of cat.
func DemoValues(cat *Catalogue) []DemoRow {
	var out []DemoRow
	for _, z := range DemoZones {
		for i := range cat.Indicators {
			out = append(out, demoIndicator(&cat.Indicators[i], i, z.Code)...)
		}
	}
	return out
}

func demoIndicator(ind *Indicator, i int, zone string) []DemoRow {
	var rows []DemoRow
	for y := DemoFirstYear; y <= DemoLastYear; y++ {
		v, source, quality := demoYear(ind, i, zone, y)
		periods := PeriodsOfYear(y, ind.Frequency)
		for k, p := range periods {
			pv := v
			if len(periods) > 1 {
				// A seasonal wave around the year's value: its mean is v, so
				// sum and mean aggregations give the year back.
				wave := 0.12 * math.Cos(2*math.Pi*float64(k)/float64(len(periods)))
				if ind.Aggregation == Sum {
					pv = v / float64(len(periods)) * (1 + wave)
				} else {
					pv = v * (1 + wave)
				}
			}
			rows = append(rows, DemoRow{Zone: zone, Indicator: ind.Code, Period: p.String(), Value: clampTo(ind, round(pv)), Source: source, Quality: quality})
		}
	}
	return rows
}

// demoYear is an indicator's value for a year in a zone, its source and
// its quality.
func demoYear(ind *Indicator, i int, zone string, y int) (float64, string, Quality) {
	if fig, ok := demoFigures[ind.Code]; ok && zone == "LY" {
		src, q := demoIllustrative+"（在公布数字之间插值）", QualityEstimate
		if s, ok := demoFigureYears[ind.Code][y]; ok {
			// The description's figures are the zone's own statistics;
			// the plan's are targets standing in for the year's value.
			src = s
			if strings.HasPrefix(s, demoDescription) {
				q = QualityOfficial
			}
		}
		return fig[y-DemoFirstYear], src, q
	}
	b, err := ind.Bounds()
	if err != nil {
		return 0, demoIllustrative, ""
	}
	base, target := b.Worst+(b.Best-b.Worst)*0.35, b.Green
	baseYear, targetYear := 2015, 2030
	if ind.BaselineValue != nil && ind.BaselineYear != nil {
		base, baseYear = *ind.BaselineValue, *ind.BaselineYear
	}
	if ind.TargetValue != nil && ind.TargetYear != nil {
		target, targetYear = *ind.TargetValue, *ind.TargetYear
	}
	if p, ok := demoPaths[ind.Code]; ok {
		base, baseYear, target, targetYear = p.base, p.baseYear, p.target, p.targetYear
	}
	if targetYear <= baseYear {
		targetYear = baseYear + 1
	}
	pace := demoPace[i%len(demoPace)] + zoneShift[zone]
	// A small, fixed wobble so series are not straight lines.
	wobble := 0.03 * math.Sin(float64(i*7+y*3))
	t := float64(y-baseYear) / float64(targetYear-baseYear)
	return base + (target-base)*(pace*t+wobble), demoIllustrative, ""
}

func clampTo(ind *Indicator, v float64) float64 {
	if ind.Min != nil && v < *ind.Min {
		v = *ind.Min
	}
	if ind.Max != nil && v > *ind.Max {
		v = *ind.Max
	}
	return v
}

// round keeps about four significant figures, as a statistics table would.
func round(v float64) float64 {
	a := math.Abs(v)
	d := 3.0
	switch {
	case a >= 1000:
		d = 0
	case a >= 100:
		d = 1
	case a >= 10:
		d = 2
	}
	p := math.Pow(10, d)
	return math.Round(v*p) / p
}

// DemoCSV writes the demo rows of years from..to as a measurements file.
func DemoCSV(rows []DemoRow, from, to int) []byte {
	var b bytes.Buffer
	w := NewCSVWriter(&b)
	_ = w.Write([]string{"zone_code", "indicator_code", "period", "value", "source", "quality"})
	for _, r := range rows {
		y, _ := strconv.Atoi(r.Period[:4])
		if y < from || y > to {
			continue
		}
		_ = w.Write([]string{r.Zone, r.Indicator, r.Period, FormatNumber(r.Value), r.Source, string(r.Quality)})
	}
	w.Flush()
	return b.Bytes()
}

// DemoPlan is the demo zones' own plans (SPEC §2.2), in the plan file
// format. LY's is its 2020 development plan from its description: the 2017
// figures as the baseline (16 km² developed of the 20 planned, 150,000
// people, 120 billion yuan of output) and the 2020 targets (20 km²
// developed, 190,000 people, over 200 billion yuan of output, over 7
// billion of fiscal revenue), each divided by the developed land as the
// pilot indicators measure them, with a 2018 milestone on the straight
// way. The clusters' plans are illustrative, each with targets of its own.
const DemoPlan = `zone_code,indicator_code,kind,year,value
LY,SPC-01,baseline,2017,80
LY,SPC-01,milestone,2018,86
LY,SPC-01,target,2020,100
LY,SPC-03,baseline,2017,9375
LY,SPC-03,milestone,2018,9420
LY,SPC-03,target,2020,9500
LY,ECO-01,baseline,2017,7.5
LY,ECO-01,milestone,2018,8.3
LY,ECO-01,target,2020,10
LY,ECO-02,baseline,2017,285
LY,ECO-02,milestone,2018,305
LY,ECO-02,target,2020,350
LY-BIO,ECO-01,baseline,2017,8
LY-BIO,ECO-01,milestone,2019,10
LY-BIO,ECO-01,target,2020,11
LY-BIO,ECO-04,baseline,2017,55
LY-BIO,ECO-04,target,2020,70
LY-EIT,ECO-01,baseline,2017,9
LY-EIT,ECO-01,milestone,2019,11
LY-EIT,ECO-01,target,2020,12.5
LY-EIT,ECO-05,baseline,2017,2.2
LY-EIT,ECO-05,target,2020,3
LY-FOOD,ECO-01,baseline,2017,5
LY-FOOD,ECO-01,milestone,2018,5.5
LY-FOOD,ECO-01,target,2020,6.5
LY-FOOD,ENV-06,baseline,2017,11
LY-FOOD,ENV-06,target,2020,8
`
