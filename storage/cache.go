package storage

import (
	"encoding/json"
	"sync"
	"sync/atomic"

	"igmc/scoring"
)

// cache keeps computed scorecards and the scoring form of each framework.
// Every write bumps a generation counter once it has committed; an entry
// made under an older generation is never served. On PostgreSQL the writes
// of other instances reach this one through LISTEN/NOTIFY (see notify.go),
// so the cache is a copy that any instance may drop at any time, never
// state of its own.
type cache struct {
	gen   atomic.Uint64
	mu    sync.Mutex
	cards map[cardKey]*CardEntry
	fws   map[string]*frameworkEntry
	max   int
}

type cardKey struct {
	framework, zone string
	year            int
	basis           scoring.Basis
}

// CardEntry is a computed scorecard with its JSON encoding, made once on
// first use. Entries are shared by every reader: neither may be modified.
type CardEntry struct {
	Card scoring.Card
	gen  uint64
	once sync.Once
	json []byte
	err  error
}

// JSON is the card's encoding, the same bytes for every reader.
func (e *CardEntry) JSON() ([]byte, error) {
	e.once.Do(func() { e.json, e.err = json.Marshal(e.Card) })
	return e.json, e.err
}

type frameworkEntry struct {
	id   int64
	fw   scoring.Framework
	code map[int64]string // indicator id → code
	gen  uint64
}

func newCache(max int) *cache {
	return &cache{cards: map[cardKey]*CardEntry{}, fws: map[string]*frameworkEntry{}, max: max}
}

// changed marks everything computed so far as stale.
func (c *cache) changed() {
	c.gen.Add(1)
	c.mu.Lock()
	clear(c.cards)
	clear(c.fws)
	c.mu.Unlock()
}

func (c *cache) card(k cardKey) *CardEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.cards[k]
	if e == nil || e.gen != c.gen.Load() {
		return nil
	}
	return e
}

// putCard stores e unless a write happened since gen was read.
func (c *cache) putCard(k cardKey, e *CardEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.gen != c.gen.Load() {
		return
	}
	if len(c.cards) >= c.max {
		// Drop an arbitrary half: cheap, and a full cache is rare.
		n := 0
		for key := range c.cards {
			delete(c.cards, key)
			if n++; n >= c.max/2 {
				break
			}
		}
	}
	c.cards[k] = e
}

func (c *cache) framework(code string) *frameworkEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.fws[code]
	if e == nil || e.gen != c.gen.Load() {
		return nil
	}
	return e
}

func (c *cache) putFramework(code string, e *frameworkEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.gen == c.gen.Load() {
		c.fws[code] = e
	}
}
