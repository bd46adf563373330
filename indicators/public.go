package indicators

import (
	"fmt"
	"time"
)

// PublishMode is what a framework shows on the public site (SPEC §10).
type PublishMode string

// The publish modes.
const (
	// PublishOff shows nothing; it is every framework's mode until an
	// administrator sets another.
	PublishOff PublishMode = "off"
	// PublishSignedOff shows the signed-off years only.
	PublishSignedOff PublishMode = "signed_off"
	// PublishApproved shows the signed-off years and every other year
	// with approved values.
	PublishApproved PublishMode = "approved"
)

// ParsePublishMode accepts the three mode names.
func ParsePublishMode(s string) (PublishMode, error) {
	switch PublishMode(s) {
	case PublishOff, PublishSignedOff, PublishApproved:
		return PublishMode(s), nil
	}
	return "", fmt.Errorf("mode %q is not one of off, signed_off, approved", Excerpt(s))
}

// PublicSetting is a framework's publish mode, who set it and when.
type PublicSetting struct {
	Framework string      `json:"framework_code"`
	Mode      PublishMode `json:"mode"`
	ChangedBy string      `json:"changed_by"`
	ChangedAt *time.Time  `json:"changed_at"`
}
