package indicators

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// WALPosition is a place in PostgreSQL's write-ahead log (an LSN, written
// "16/B374D848"): every commit ends at one, and a replica has replayed the
// log up to one. Positions only grow, so comparing two tells whether a
// replica has replayed a commit.
type WALPosition uint64

// MaxWALPositionText is the length of the longest position text
// ("FFFFFFFF/FFFFFFFF").
const MaxWALPositionText = 17

// ParseWALPosition reads a position as PostgreSQL writes it: two groups of
// one to eight hexadecimal digits joined by a slash, nothing else.
func ParseWALPosition(s string) (WALPosition, error) {
	if len(s) > MaxWALPositionText {
		return 0, fmt.Errorf("a WAL position has at most %d characters (got %d)", MaxWALPositionText, len(s))
	}
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, fmt.Errorf("a WAL position is two hexadecimal numbers joined by a slash (got %q)", s)
	}
	h, err := hexWord(hi)
	if err != nil {
		return 0, err
	}
	l, err := hexWord(lo)
	if err != nil {
		return 0, err
	}
	return WALPosition(h<<32 | l), nil
}

func hexWord(s string) (uint64, error) {
	if s == "" || len(s) > 8 {
		return 0, fmt.Errorf("each half of a WAL position has one to eight hexadecimal digits (got %q)", s)
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return 0, fmt.Errorf("a WAL position holds only hexadecimal digits (got %q)", s)
		}
	}
	return strconv.ParseUint(s, 16, 32)
}

// String writes the position as PostgreSQL does.
func (p WALPosition) String() string {
	return fmt.Sprintf("%X/%X", uint64(p)>>32, uint64(p)&0xFFFFFFFF)
}

type readAfterKey struct{}

// WithReadAfter marks ctx as the work of a client that wrote up to p: the
// store serves its reads from a replica only once that replica has
// replayed p, and from the primary until then (read-your-writes).
func WithReadAfter(ctx context.Context, p WALPosition) context.Context {
	if p == 0 {
		return ctx
	}
	return context.WithValue(ctx, readAfterKey{}, p)
}

// ReadAfter is the position WithReadAfter put on ctx, 0 for none.
func ReadAfter(ctx context.Context) WALPosition {
	p, _ := ctx.Value(readAfterKey{}).(WALPosition)
	return p
}

// ReplicaState says whether a read replica serves reads.
type ReplicaState string

// The states of a replica.
const (
	// ReplicaOK: it answers and is within the allowed lag.
	ReplicaOK ReplicaState = "ok"
	// ReplicaLagging: it answers but is further behind than allowed.
	ReplicaLagging ReplicaState = "lagging"
	// ReplicaDown: it did not answer, or is not a standby.
	ReplicaDown ReplicaState = "down"
	// ReplicaUnknown: not checked yet, or the primary's position is
	// unknown so the lag cannot be told.
	ReplicaUnknown ReplicaState = "unknown"
)

// ReplicaStatus is what the last check of a read replica found.
type ReplicaStatus struct {
	// Name is the replica's host, port and database, without credentials.
	Name  string
	State ReplicaState
	// Reason says why a replica that is not ok is skipped.
	Reason string
	// Replayed is how far it has replayed the primary's log.
	Replayed WALPosition
	// LagBytes and LagSeconds are how far it is behind the primary: 0 when
	// it has replayed all the primary wrote, however long ago that was.
	LagBytes   int64
	LagSeconds float64
	// Current: it has also replayed every change this instance knows of,
	// so it may serve the reads whose results are cached for everyone.
	Current bool
	// Reads counts the reads it served.
	Reads int64
}
