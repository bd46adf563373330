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
// scorecards/<ZONE>.csv. A sign-off made before the key was rotated is
// signed by a retired key: its public half goes with it as
// keys/<KEY_ID>.pem, once per key, listed in the manifest like every file
// and so vouched for by the key that signs the bundle.
func bundleSignOffs(ctx context.Context, svc SignOffSource, framework string, year int, zones []indicators.Zone, keys []indicators.PublicKey) ([]bundleStep, error) {
	list, err := svc.ListSignOffs(ctx, indicators.SignOffFilter{Framework: framework, Year: year, InForce: true, Snapshots: true}, nil)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, z := range zones {
		in[z.Code] = true
	}
	byID := map[string]indicators.PublicKey{}
	for _, k := range keys {
		byID[k.KeyID] = k
	}
	var steps []bundleStep
	carried := map[string]bool{}
	for _, so := range list {
		if !in[so.Zone] {
			continue
		}
		if k, ok := byID[so.Signature.KeyID]; ok && !k.Active && !carried[k.KeyID] {
			carried[k.KeyID] = true
			steps = append(steps, bundleStep{RetiredKeyName(k.KeyID), func(w io.Writer) error {
				_, err := io.WriteString(w, k.PEM)
				return err
			}})
		}
		steps = append(steps, bundleStep{"signoffs/" + so.Zone + ".json", func(w io.Writer) error {
			// Not indented: indenting would re-indent the snapshot too,
			// and it must stay the exact bytes that were signed.
			return json.NewEncoder(w).Encode(so)
		}})
	}
	return steps, nil
}

// RetiredKeyName is the bundle's file of a retired key's public half.
func RetiredKeyName(keyID string) string { return "keys/" + keyID + ".pem" }
