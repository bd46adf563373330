package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// locatorHash is the hex of the first 16 bytes of the SHA-256 of what an
// import writes to a value: enough to tell which of an import's versions
// was changed, not to prove anything (the event's digest does that).
func locatorHash(zoneID, indicatorID int64, period string, value float64, source, comment, quality, explanation string) string {
	var stack [512]byte
	b := stack[:0]
	field := func(s []byte) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
		b = append(b, ';')
	}
	var num [32]byte
	field(strconv.AppendInt(num[:0], zoneID, 10))
	field(strconv.AppendInt(num[:0], indicatorID, 10))
	field([]byte(period))
	field(strconv.AppendFloat(num[:0], value, 'f', -1, 64))
	for _, s := range [...]string{source, comment, quality, explanation} {
		field([]byte(s))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
