package web_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"igmc/indicators"
	"igmc/reports"
)

type signingKeyJSON struct {
	KeyID string                 `json:"key_id"`
	PEM   string                 `json:"pem"`
	Keys  []indicators.PublicKey `json:"keys"`
}

// checkSigningKey: whoever asks, the active key is given with its PEM.
func checkSigningKey(t *testing.T, _ matrixCaller, body []byte) {
	var k signingKeyJSON
	if err := json.Unmarshal(body, &k); err != nil || len(k.Keys) == 0 || k.KeyID != k.Keys[0].KeyID || k.PEM == "" {
		t.Errorf("signing-key says %s", body)
	}
}

// TestSigningKeyRoute: without signing in, GET /api/v1/signing-key gives
// the key the bundle is signed with, and a bundle checks against it; after
// a rotation the old key stays listed, retired, and still checks the
// older bundle, while the new key signs the next one.
func TestSigningKeyRoute(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		anon := c.as("")
		var before signingKeyJSON
		anon.do("GET", "/api/v1/signing-key", "", 200, &before)
		pub, err := indicators.ParsePublicKeyPEM([]byte(before.PEM))
		if err != nil || indicators.KeyID(pub) != before.KeyID || len(before.Keys) != 1 || !before.Keys[0].Active {
			t.Fatalf("signing-key: %+v (%v)", before, err)
		}
		old := c.do("GET", "/api/v1/exports/bundle.zip?framework=igmc&year=2019", "", 200, nil)
		check, err := reports.CheckBundle(bytes.NewReader(old), int64(len(old)), pub)
		if err != nil || len(check.Problems) > 0 || check.SignedBy != before.KeyID {
			t.Fatalf("the bundle against the published key: %+v %v", check, err)
		}

		if _, err := c.store.RotateSigningKey(t.Context(), indicators.System); err != nil {
			t.Fatal(err)
		}
		var after signingKeyJSON
		anon.do("GET", "/api/v1/signing-key", "", 200, &after)
		if after.KeyID == before.KeyID || len(after.Keys) != 2 || after.Keys[1].KeyID != before.KeyID || after.Keys[1].RetiredAt == nil || after.Keys[1].Active {
			t.Fatalf("after rotation: %+v", after)
		}
		if check, _ := reports.CheckBundle(bytes.NewReader(old), int64(len(old)), pub); len(check.Problems) > 0 {
			t.Errorf("the older bundle no longer checks with the retired key: %v", check.Problems)
		}
		newer := c.do("GET", "/api/v1/exports/bundle.zip?framework=igmc&year=2019", "", 200, nil)
		if check, _ := reports.CheckBundle(bytes.NewReader(newer), int64(len(newer)), pub); len(check.Problems) == 0 {
			t.Error("a bundle signed after the rotation checks with the retired key")
		}
	})
}
