package web

import (
	"slices"
	"strconv"

	"igmc/indicators"
	"igmc/locale"
)

// maxZoneOptions bounds a zone picker: up to this many zones it is a
// <select> of them all; beyond, a text field for the zone's code whose
// list suggests this many, so that a form stays small at thousands of
// zones. The handler checks a typed code as it checks a chosen one.
const maxZoneOptions = 200

// zonePicker is what the "zone-pick" template shows.
type zonePicker struct {
	// Select is true when Zones holds every zone; otherwise Zones is the
	// first maxZoneOptions of them and the chosen ones.
	Select bool
	Zones  []indicators.Zone
	Count  int
}

// Figure writes the number of zones with its thousands grouped.
func (p zonePicker) Figure() string { return locale.Group(strconv.Itoa(p.Count)) }

// pickZones is the picker of zones, keeping the chosen codes among the
// suggestions.
func pickZones(zones []indicators.Zone, chosen ...string) zonePicker {
	p := zonePicker{Count: len(zones), Select: len(zones) <= maxZoneOptions}
	if p.Select {
		p.Zones = zones
		return p
	}
	p.Zones = append([]indicators.Zone(nil), zones[:maxZoneOptions]...)
	for _, z := range zones[maxZoneOptions:] {
		if slices.Contains(chosen, z.Code) {
			p.Zones = append(p.Zones, z)
		}
	}
	return p
}
