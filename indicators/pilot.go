package indicators

import (
	"bytes"
	_ "embed"
)

//go:embed data/igmc-pilot.csv
var pilotCSV []byte

// IGMC is the built-in framework: the International Green Model City
// standard, with its grade bands (Greenest at 280 points, Greener at 245).
var IGMC = Framework{
	Code:    "igmc",
	NameEn:  "International Green Model City",
	NameZh:  "国际绿色模范城市",
	Version: "3.0-pilot",
	GradeBands: []GradeBand{
		{Min: 280, Grade: "Greenest"},
		{Min: 245, Grade: "Greener"},
	},
}

// PilotCatalogue parses the embedded IGMC pilot catalogue.
func PilotCatalogue() (*Catalogue, error) {
	return ReadCatalogue(NewCSVRows(bytes.NewReader(pilotCSV)))
}

//go:embed data/igmc-pilot-rules.csv
var pilotRulesCSV []byte

// PilotRules reads the pilot catalogue's validation rules (SPEC §8): facts
// that hold whatever the zone, such as PM2.5 being part of PM10.
func PilotRules() ([]Rule, error) {
	cat, err := PilotCatalogue()
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, ind := range cat.Indicators {
		known[ind.Code] = true
	}
	return ReadRules(NewCSVRows(bytes.NewReader(pilotRulesCSV)), func(c string) bool { return known[c] })
}
