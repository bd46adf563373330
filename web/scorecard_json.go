package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"sync"

	"igmc/reports"
	"igmc/scoring"
)

// cardBodies keeps the JSON of the cards the API served, so that a card
// the store serves from its cache is encoded once rather than on every
// request (encoding a 200-indicator card per request halved the
// scorecard's requests per second; docs/performance.md), with its ETag and,
// once a client asked for it, its gzip encoding.
//
// An entry is reused only for the very card it was made from. The store
// hands out the same card — the same backing arrays — until a write makes
// a new one, so a card's identity is the address of its indicator rows;
// holding that address here keeps the old rows alive until the entry is
// replaced, so it can never be taken by another card.
type cardBodies struct {
	mu sync.Mutex
	m  map[cardBodyKey]*cardBody
}

type cardBodyKey struct {
	framework, zone string
	year            int
	basis           scoring.Basis
}

// cardBody is one card's answer.
type cardBody struct {
	rows *scoring.IndicatorCard
	body []byte
	// etag is a strong validator of body: a digest of its bytes, so it is
	// the same on every instance serving the same card. etagValue and
	// length are the ETag and Content-Length headers' values, made once.
	etag      string
	etagValue []string
	length    []string
	// gz is body gzip-compressed, made on the first request that accepts
	// it, at the best compression as it is made once (a 200-indicator card
	// of about 90 KB becomes about 7 KB).
	gzOnce   sync.Once
	gz       []byte
	gzLength []string
}

// maxCardBodies bounds the entries, as the store bounds its cards.
const maxCardBodies = 4096

func newCardBody(rows *scoring.IndicatorCard, body []byte) *cardBody {
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	return &cardBody{rows: rows, body: body, etag: etag, etagValue: oneValue(etag), length: oneValue(strconv.Itoa(len(body)))}
}

// gzipped is the body compressed, or nil when compressing failed (the
// plain body is served then).
func (e *cardBody) gzipped() []byte {
	e.gzOnce.Do(func() {
		var buf bytes.Buffer
		buf.Grow(len(e.body) / 4)
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return
		}
		if _, err := zw.Write(e.body); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		e.gz = buf.Bytes()
		e.gzLength = oneValue(strconv.Itoa(len(e.gz)))
	})
	return e.gz
}

// entry is the answer for card, from an earlier request when it was this
// card.
func (cb *cardBodies) entry(card *scoring.Card) (*cardBody, error) {
	if len(card.Indicators) == 0 {
		b, err := reports.ScorecardJSON(card)
		if err != nil {
			return nil, err
		}
		return newCardBody(nil, b), nil
	}
	key := cardBodyKey{card.Framework, card.Zone, card.Year, card.Basis}
	rows := &card.Indicators[0]
	cb.mu.Lock()
	e, ok := cb.m[key]
	cb.mu.Unlock()
	if ok && e.rows == rows {
		return e, nil
	}
	b, err := reports.ScorecardJSON(card)
	if err != nil {
		return nil, err
	}
	e = newCardBody(rows, b)
	cb.mu.Lock()
	defer cb.mu.Unlock()
	if cb.m == nil {
		cb.m = map[cardBodyKey]*cardBody{}
	}
	if len(cb.m) >= maxCardBodies {
		n := 0
		for k := range cb.m {
			delete(cb.m, k)
			if n++; n >= maxCardBodies/2 {
				break
			}
		}
	}
	cb.m[key] = e
	return e, nil
}

// etagMatches reports whether an If-None-Match header names etag (or is
// "*"); weak validators compare by their opaque part, as RFC 9110 asks of
// If-None-Match.
func etagMatches(header, etag string) bool {
	for rest, more := header, true; more; {
		var t string
		t, rest, more = strings.Cut(rest, ",")
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header takes gzip: named
// (or "*") with a quality above zero. It reads the header in place, as
// every scorecard request asks it.
func acceptsGzip(header string) bool {
	for rest, more := header, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ",")
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if !strings.EqualFold(name, "gzip") && !strings.EqualFold(name, "x-gzip") && name != "*" {
			continue
		}
		q := 1.0
		for ps, pmore := params, params != ""; pmore; {
			var p string
			p, ps, pmore = strings.Cut(ps, ";")
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		return q > 0
	}
	return false
}
