package reports

import (
	"context"
	"encoding/json"
	"io"

	"igmc/indicators"
)

// SignOffSource lists sign-offs (nil principal: every zone's).
type SignOffSource interface {
	ListSignOffs(ctx context.Context, f indicators.SignOffFilter, p *indicators.Principal) ([]indicators.SignOff, error)
}

// bundleSignOffs returns the steps that write the sign-offs in force of
// the bundle's year, one signoffs/<ZONE>.json per zone signed off: the
// sign-off with its snapshot (the exact bytes signed, kept as they are)
// and its signature, so a verifier checks the signature with the
// installation's public key and compares the snapshot's card with
// scorecards/<ZONE>.csv.
func bundleSignOffs(ctx context.Context, svc SignOffSource, framework string, year int, zones []indicators.Zone) ([]bundleStep, error) {
	list, err := svc.ListSignOffs(ctx, indicators.SignOffFilter{Framework: framework, Year: year, InForce: true, Snapshots: true}, nil)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, z := range zones {
		in[z.Code] = true
	}
	var steps []bundleStep
	for _, so := range list {
		if !in[so.Zone] {
			continue
		}
		steps = append(steps, bundleStep{"signoffs/" + so.Zone + ".json", func(w io.Writer) error {
			// Not indented: indenting would re-indent the snapshot too,
			// and it must stay the exact bytes that were signed.
			return json.NewEncoder(w).Encode(so)
		}})
	}
	return steps, nil
}
