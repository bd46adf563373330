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
	// PointsMax is the points the zone could earn (what Points are out of).
	PointsMax float64 `json:"points_max"`
	Grade     *string `json:"grade"`
	// Perspectives are the zone's perspective scores and ratings, in
	// framework order, for tables of perspectives by zone.
	Perspectives []RankPerspective `json:"perspectives"`
}

// RankPerspective is one perspective's score in a ranking row.
type RankPerspective struct {
	Code     string   `json:"code"`
	Score    *float64 `json:"score"`
	Rating   Rating   `json:"rating"`
	Coverage float64  `json:"coverage"`
}
