package reports

import (
	"slices"
	"strconv"

	"igmc/locale"
	"igmc/scoring"
)

// SignedOffText says, in l's language, that a card is the frozen snapshot
// of a signed-off year: when, by whom, the method and the catalogue's
// SHA-256. Every export of such a card carries it.
func SignedOffText(l *locale.Lang, s *scoring.SignedOff) string {
	return l.T("signoff.stamp", "Date", s.At.UTC().Format("2006-01-02"), "By", s.By, "Method", s.MethodVersion, "SHA", s.CatalogueSHA256)
}

// signedOffRow is the CSV row of a signed-off card (level signed_off): the
// sign-off's id as the code, the sentence in both languages as the names,
// the plan's SHA-256 as the reason.
func signedOffRow(s *scoring.SignedOff) []string {
	cells := make([]string, len(ScorecardCSVColumns)-5)
	set := func(col, v string) { cells[slices.Index(ScorecardCSVColumns, col)-5] = v }
	set("level", "signed_off")
	set("code", strconv.FormatInt(s.ID, 10))
	set("name_en", SignedOffText(locale.English(), s))
	set("name_zh", SignedOffText(locale.Of("zh"), s))
	set("reason", "plan_sha256="+s.PlanSHA256)
	return cells
}
