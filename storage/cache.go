package storage

import (
	"sync"
	"sync/atomic"
	"time"

	"igmc/indicators"
	"igmc/scoring"
)

// cache keeps computed scorecards and the scoring form of each framework.
// Every write bumps a generation counter once it has committed; an entry
// made under an older generation is never served. On PostgreSQL the writes
// of other instances reach this one through LISTEN/NOTIFY (see notify.go),
// so the cache is a copy that any instance may drop at any time, never
// state of its own.
type cache struct {
	gen atomic.Uint64
	// catGen moves only when a catalogue changes: the scoring form of a
	// framework outlives writes of values.
	catGen atomic.Uint64
	mu     sync.Mutex
	cards  map[cardKey]*CardEntry
	fws    map[string]*frameworkEntry
	ranks  map[rankKey]rankEntry
	// who maps the hash of a session or token secret to its principal.
	who map[string]principalEntry
	// sums holds small summaries of the data (a framework's years, its
	// values awaiting work), by kind and framework.
	sums map[string]sumEntry
	// cats holds catalogues, which only a change of a catalogue makes stale.
	cats map[string]catEntry
	max  int
}

type catEntry struct {
	cat *indicators.Catalogue
	gen uint64
}

type sumEntry struct {
	v   any
	gen uint64
}

type principalEntry struct {
	p       *indicators.Principal
	expires time.Time
	gen     uint64
}

type rankKey struct {
	framework string
	year      int
	basis     scoring.Basis
}

type rankEntry struct {
	rows []scoring.RankRow
	gen  uint64
}

type cardKey struct {
	framework, zone string
	year            int
	basis           scoring.Basis
}

// CardEntry is a computed scorecard, shared by every reader: it must not
// be modified. How it is shown (JSON, CSV, a page) is the caller's affair.
type CardEntry struct {
	Card scoring.Card
	gen  uint64
}

type frameworkEntry struct {
	id   int64
	fw   scoring.Framework
	code map[int64]string // indicator id → code
	// ids maps an indicator's code to its id, and appliesTo to the zone
	// types it applies to (absent: all).
	ids       map[string]int64
	appliesTo map[string][]string
	gen       uint64
}

func newCache(max int) *cache {
	return &cache{cards: map[cardKey]*CardEntry{}, fws: map[string]*frameworkEntry{}, ranks: map[rankKey]rankEntry{}, who: map[string]principalEntry{}, sums: map[string]sumEntry{}, cats: map[string]catEntry{}, max: max}
}

// changed marks everything computed from the data as stale, and with
// catalogue the frameworks' scoring forms too.
func (c *cache) changed(catalogue bool) {
	if catalogue {
		c.catGen.Add(1)
	}
	c.gen.Add(1)
	c.mu.Lock()
	if catalogue {
		clear(c.fws)
		clear(c.cats)
	}
	clear(c.cards)
	clear(c.ranks)
	clear(c.who)
	clear(c.sums)
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
	if e == nil || e.gen != c.catGen.Load() {
		return nil
	}
	return e
}

func (c *cache) putFramework(code string, e *frameworkEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.gen == c.catGen.Load() {
		c.fws[code] = e
	}
}

func (c *cache) ranking(k rankKey) []scoring.RankRow {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.ranks[k]
	if !ok || e.gen != c.gen.Load() {
		return nil
	}
	return e.rows
}

func (c *cache) putRanking(k rankKey, rows []scoring.RankRow, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen.Load() && len(c.ranks) < 256 {
		c.ranks[k] = rankEntry{rows, gen}
	}
}

// DropCache forgets every cached scorecard and ranking, as a write of values
// does. Benchmarks use it to time the work a cache would hide.
func (s *Store) DropCache() { s.cache.changed(false) }

// principal returns the cached principal of a secret's hash, if it is
// still valid at now.
func (c *cache) principal(hash string, now time.Time) *indicators.Principal {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.who[hash]
	if !ok || e.gen != c.gen.Load() || !now.Before(e.expires) {
		return nil
	}
	return e.p
}

func (c *cache) putPrincipal(hash string, p *indicators.Principal, expires time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen.Load() {
		return
	}
	if len(c.who) >= c.max {
		clear(c.who)
	}
	c.who[hash] = principalEntry{p, expires, gen}
}

// sum returns the cached summary under key, if no write happened since it
// was made.
func (c *cache) sum(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.sums[key]
	if !ok || e.gen != c.gen.Load() {
		return nil, false
	}
	return e.v, true
}

func (c *cache) putSum(key string, v any, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen.Load() && len(c.sums) < 1024 {
		c.sums[key] = sumEntry{v, gen}
	}
}

// catalogue returns a cached catalogue, if no catalogue changed since it
// was read.
func (c *cache) catalogue(key string) (*indicators.Catalogue, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.cats[key]
	if !ok || e.gen != c.catGen.Load() {
		return nil, false
	}
	return e.cat, true
}

func (c *cache) putCatalogue(key string, cat *indicators.Catalogue, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.catGen.Load() && len(c.cats) < 256 {
		c.cats[key] = catEntry{cat, gen}
	}
}
