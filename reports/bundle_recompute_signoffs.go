package reports

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"igmc/indicators"
	"igmc/scoring"
)

// signedOffCards reads the bundle's signoffs/<ZONE>.json: the zones whose
// year is signed off, and their sign-offs. Their official cards are the
// frozen snapshots, computed from the catalogue and plan of the day of the
// sign-off, which the bundle's framework.json (today's) need not match: a
// recompute checks them against their signed snapshots instead.
func signedOffCards(files map[string]*zip.File) (map[string]indicators.SignOff, error) {
	out := map[string]indicators.SignOff{}
	for name, f := range files {
		zone, ok := strings.CutPrefix(name, "signoffs/")
		if !ok {
			continue
		}
		zone = strings.TrimSuffix(zone, ".json")
		raw, err := readEntry(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		var so indicators.SignOff
		if err := json.Unmarshal(raw, &so); err != nil {
			return nil, fmt.Errorf("%s: not a sign-off: %v", name, err)
		}
		if so.Zone != zone {
			return nil, fmt.Errorf("%s: the sign-off is of zone %s", name, indicators.Excerpt(so.Zone))
		}
		out[zone] = so
	}
	return out, nil
}

// checkSignedOff compares a signed-off zone's scorecards/<ZONE>.json with
// the sign-off's snapshot and checks the snapshot's signature with the
// bundle's key, or with keys/<KEY_ID>.pem when a retired key signed it.
// It returns the difference ("" when they agree) and whether the
// signature could be checked: a bundle made before retired keys were
// carried lacks them.
func checkSignedOff(files map[string]*zip.File, zone string, so indicators.SignOff) (diff string, checked bool, err error) {
	name := "scorecards/" + zone + ".json"
	f := files[name]
	if f == nil {
		return "", false, fmt.Errorf("%s: not in the bundle", name)
	}
	want, err := readEntry(f)
	if err != nil {
		return "", false, fmt.Errorf("%s: %v", name, err)
	}
	var snap indicators.SignOffSnapshot
	if err := json.Unmarshal(so.Snapshot, &snap); err != nil {
		return zone + ": signoffs/" + zone + ".json: the snapshot is not a sign-off snapshot", false, nil
	}
	kf := files[SigningKeyName]
	if retired := files[RetiredKeyName(so.Signature.KeyID)]; retired != nil {
		kf = retired
	}
	if kf != nil {
		raw, err := readEntry(kf)
		if err != nil {
			return "", false, fmt.Errorf("%s: %v", kf.Name, err)
		}
		pub, err := indicators.ParsePublicKeyPEM(raw)
		if err != nil {
			return "", false, fmt.Errorf("%s: %v", kf.Name, err)
		}
		if so.Signature.KeyID == indicators.KeyID(pub) {
			if err := so.Signature.Verify(pub, so.Snapshot); err != nil {
				return zone + ": signoffs/" + zone + ".json: " + err.Error(), true, nil
			}
			checked = true
		}
	}
	// The card in force is the snapshot's, with the sign-off named on it:
	// both are read into a card and written again the one way the API
	// writes cards, the sign-off's note left out of the comparison.
	var frozen, given scoring.Card
	if err := json.Unmarshal(snap.Scorecard, &frozen); err != nil {
		return zone + ": signoffs/" + zone + ".json: the snapshot's scorecard is not a scorecard", checked, nil
	}
	if err := json.Unmarshal(want, &given); err != nil {
		return zone + ": " + name + ": not a scorecard", checked, nil
	}
	if given.SignedOff == nil {
		return zone + ": " + name + ": the card does not say it is signed off, the bundle has its sign-off", checked, nil
	}
	frozen.SignedOff, given.SignedOff = nil, nil
	a, err := ScorecardJSON(&frozen)
	if err != nil {
		return "", checked, err
	}
	b, err := ScorecardJSON(&given)
	if err != nil {
		return "", checked, err
	}
	if !bytes.Equal(a, b) {
		return zone + ": " + firstDifference(name, a, b), checked, nil
	}
	return "", checked, nil
}
