package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// signingKeyBody is GET /api/v1/signing-key: the key that signs now, and
// every key the installation has signed with (the active one first, then
// the retired ones), so that an older bundle can still be checked.
type signingKeyBody struct {
	KeyID     string                 `json:"key_id"`
	Algorithm string                 `json:"algorithm"`
	PublicKey string                 `json:"public_key"`
	PEM       string                 `json:"pem"`
	Keys      []indicators.PublicKey `json:"keys"`
}

// signingKey serves GET /api/v1/signing-key, public: a verifier of a
// bundle needs no account.
func (s *Server) signingKey(c *gin.Context) {
	keys, err := s.svc.SigningKeys(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	body := signingKeyBody{Keys: keys}
	if len(keys) > 0 && keys[0].Active {
		body.KeyID, body.Algorithm, body.PublicKey, body.PEM = keys[0].KeyID, keys[0].Algorithm, keys[0].PublicKey, keys[0].PEM
	}
	c.JSON(http.StatusOK, body)
}
