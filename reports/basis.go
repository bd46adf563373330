package reports

import (
	"igmc/indicators"
	"igmc/scoring"
)

// BasisOf reads the status word of a report request (the API's status
// parameter, the command line's --status): approved (the default, the
// official basis) or any (the working basis).
func BasisOf(status string) (scoring.Basis, error) {
	switch status {
	case "", "approved":
		return scoring.BasisOfficial, nil
	case "any":
		return scoring.BasisWorking, nil
	}
	return "", indicators.FieldsError("the query is not valid", []indicators.FieldError{{Field: "status", Code: "invalid", Message: "status must be approved (official scorecard) or any (working view)"}})
}

// StatusOf is the status word that asks for basis b: the inverse of
// BasisOf, for links and forms.
func StatusOf(b scoring.Basis) string {
	if b == scoring.BasisWorking {
		return "any"
	}
	return "approved"
}
