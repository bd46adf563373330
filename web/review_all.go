package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"igmc/indicators"
)

// Deciding the whole selection takes two steps. The queue's "approve all"
// or "reject all" posts the filter, the action (field all), the comment and the count
// the reviewer saw; the answer is a confirmation page naming the count the
// selection holds now, with a form carrying that count and the digest of
// the values (ids and versions). Confirming decides every value, or none
// when the selection has changed since: then the confirmation is shown
// again with the new count. The server keeps nothing between the steps.

// reviewConfirm is the confirmation of a decision on the whole selection.
type reviewConfirm struct {
	Action    indicators.ReviewAction
	Comment   string
	Selection indicators.ReviewSelection
	// Seen is the count the reviewer saw before, when it differs from the
	// selection's now; Stale tells that a confirmation was refused for it.
	Seen    int64
	Changed bool
	Stale   bool
	// TooMany is true when the selection holds more than MaxReviewAll.
	TooMany bool
}

var digestRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// reviewAll serves POST /review/all: the confirmation of a decision on
// every value the filter selects (without field confirm), or the decision
// itself (confirm = the count confirmed, digest = its digest).
func (s *Server) reviewAll(c *gin.Context) {
	f, errs := readReviewFilter(c.PostForm)
	d := &reviewData{Errors: map[string]string{}}
	action := indicators.ReviewAction(c.PostForm("all"))
	comment := strings.TrimSpace(c.PostForm("comment"))
	switch {
	case len(errs) > 0:
		d.Errors = errs
	case action != indicators.ActionApprove && action != indicators.ActionReject:
		d.Errors["all_action"] = "review.error.action"
	case action == indicators.ActionReject && comment == "":
		d.Errors["all_comment"] = "review.error.comment_required"
	case len([]rune(comment)) > indicators.MaxCommentLen:
		d.Errors["all_comment"] = "review.error.comment_long"
	}
	if len(d.Errors) > 0 {
		d.AllComment = comment
		s.renderReview(c, http.StatusUnprocessableEntity, f, d, nil)
		return
	}
	if f.Zone != "" {
		if err := scope(c, f.Zone); err != nil {
			s.fail(c, err)
			return
		}
	}
	ctx, p := c.Request.Context(), principalOf(c)
	mf := f.measurements(p)
	conf := &reviewConfirm{Action: action, Comment: comment}
	d.Confirm = conf
	if c.PostForm("confirm") == "" {
		sel, err := s.svc.ReviewSelectionOf(ctx, mf)
		if err != nil {
			s.fail(c, err)
			return
		}
		conf.Selection, conf.TooMany = sel, sel.Count > indicators.MaxReviewAll
		if seen, err := strconv.ParseInt(c.PostForm("count"), 10, 64); err == nil && seen != sel.Count {
			conf.Seen, conf.Changed = seen, true
		}
		s.renderReview(c, http.StatusOK, f, d, nil)
		return
	}
	count, err := strconv.ParseInt(c.PostForm("confirm"), 10, 64)
	digest := c.PostForm("digest")
	if err != nil || count < 0 || !digestRE.MatchString(digest) {
		s.failStatus(c, http.StatusBadRequest, string(indicators.Invalid), langOf(c).T("review.error.confirm"))
		return
	}
	seen := indicators.ReviewSelection{Count: count, Digest: digest}
	done, now, err := s.svc.ReviewAll(ctx, mf, action, comment, seen, p)
	if err != nil {
		if !shownInPlace(err) {
			s.fail(c, err)
			return
		}
		conf.Selection, conf.TooMany = now, now.Count > indicators.MaxReviewAll
		if now.Digest != "" && now != seen {
			conf.Seen, conf.Changed, conf.Stale = count, true, true
		} else {
			conf.Selection = seen
		}
		d.Problem = problemOf(langOf(c), err)
		s.renderReview(c, statusOf[indicators.CodeOf(err)], f, d, nil)
		return
	}
	s.setPageFlash(c, langOf(c).T("review.flash."+string(action), "Count", len(done)))
	c.Redirect(http.StatusSeeOther, f.at(1))
}
