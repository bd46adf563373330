package reports

import (
	"strconv"
	"strings"

	"igmc/locale"
)

// The pages of the public site's zone lists.

// publicPageZones is how many zones a page of the site's zone lists (the
// index, the perspectives, an indicator) holds at most: at a national
// scale a list of every zone would make pages of megabytes. The index has
// a cell per zone and year, each about 125 bytes, so past
// publicPageCells / publicPageZones published years a page holds fewer
// zones, publicPageCells cells in all: a page stays near 175 KB however
// many years are published.
const publicPageZones, publicPageCells = 200, 1400

// perPage is how many zones a page of a zone list holds.
func (d *publicData) perPage() int {
	return max(1, min(publicPageZones, publicPageCells/max(1, len(d.Years))))
}

// publicPager is where a page of a zone list sits among its pages: zones
// From–To (from 1) of Count, with the files of the pages either side.
type publicPager struct {
	N, Pages, From, To, Count int
	Prev, Next                string
}

// Figure writes a zone count with its thousands grouped.
func (publicPager) Figure(n int) string { return locale.Group(strconv.Itoa(n)) }

// pages is the number of pages of a zone list: one at least, even with
// no zones.
func (d *publicData) pages() int { return max(1, (len(d.Zones)+d.perPage()-1)/d.perPage()) }

// pager is page n of a zone list; lo and hi bound the zones it shows.
func (d *publicData) pager(n int) (p *publicPager, lo, hi int) {
	lo, hi = (n-1)*d.perPage(), min(n*d.perPage(), len(d.Zones))
	p = &publicPager{N: n, Pages: d.pages(), From: lo + 1, To: hi, Count: len(d.Zones)}
	if n > 1 {
		p.Prev = publicPageFile(n - 1)
	}
	if n < p.Pages {
		p.Next = publicPageFile(n + 1)
	}
	return p, lo, hi
}

// publicPageFile is the file of page n of a list, in the list's folder.
func publicPageFile(n int) string {
	if n == 1 {
		return "index.html"
	}
	return "index-" + strconv.Itoa(n) + ".html"
}

// publicPageOf is the page a list's file name names: index.html is page
// 1, index-<n>.html page n from 2 written without leading zeros; 0 for
// any other name.
func publicPageOf(name string) int {
	if name == "index.html" {
		return 1
	}
	digits, prefixed := strings.CutPrefix(name, "index-")
	digits, suffixed := strings.CutSuffix(digits, ".html")
	if !prefixed || !suffixed || len(digits) == 0 || len(digits) > 6 || digits[0] == '0' {
		return 0
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 2 || strconv.Itoa(n) != digits {
		return 0
	}
	return n
}
