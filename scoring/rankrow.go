package scoring

// RankRow is one zone's line in a ranking.
type RankRow struct {
	Rank     int         `json:"rank"`
	Zone     string      `json:"zone"`
	NameEn   string      `json:"name_en"`
	NameZh   string      `json:"name_zh"`
	Index    *float64    `json:"index"`
	Reason   IndexReason `json:"reason"`
	Coverage float64     `json:"coverage"`
	Points   float64     `json:"points"`
	Grade    *string     `json:"grade"`
}
