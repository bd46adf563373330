package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
)

// Review submits, approves or rejects values, all or nothing. Submitting
// takes a draft or rejected value; approving and rejecting take a submitted
// one. A reviewer cannot approve or reject values it entered itself; a
// rejection needs a comment.
func (s *Store) Review(ctx context.Context, ids []int64, action indicators.ReviewAction, comment string, p *indicators.Principal) ([]indicators.Measurement, error) {
	if len(ids) == 0 {
		return nil, indicators.FieldsError("nothing to do", []indicators.FieldError{{Field: "ids", Code: "required", Message: "ids lists the measurements to " + string(action)}})
	}
	if err := checkReview(action, comment, p); err != nil {
		return nil, err
	}
	var out []indicators.Measurement
	err := s.write(ctx, func(tx *gorm.DB) error {
		summariesNarrowed(tx)
		var err error
		out, err = s.reviewTx(tx, ids, action, comment, p)
		return err
	})
	return out, err
}

// checkReview checks what a decision needs before any value is read: a
// comment within its limit, present to reject, and a role that may.
func checkReview(action indicators.ReviewAction, comment string, p *indicators.Principal) error {
	if err := indicators.CheckNote("comment", comment); err != nil {
		return err
	}
	if action == indicators.ActionReject && comment == "" {
		return indicators.FieldsError("a rejection needs a comment", []indicators.FieldError{{Field: "comment", Code: "required", Message: "comment is required to reject: say what to fix"}})
	}
	return indicators.May(p, action, indicators.Target{})
}

// reviewTx moves the values ids along the workflow within tx, each checked
// as Review says; the first refusal ends it (the caller rolls back),
// except that a submission names every value that lacks an explanation.
func (s *Store) reviewTx(tx *gorm.DB, ids []int64, action indicators.ReviewAction, comment string, p *indicators.Principal) ([]indicators.Measurement, error) {
	out := make([]indicators.Measurement, 0, len(ids))
	err := func() error {
		if err := s.lockMeasurements(tx, ids); err != nil {
			return err
		}
		seen := map[int64]bool{}
		var unexplained []indicators.FieldError
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			row, _, err := s.loadForChange(tx, id, p, action)
			if err != nil {
				return err
			}
			from := map[indicators.ReviewAction][]indicators.Status{
				indicators.ActionSubmit:  {indicators.Draft, indicators.Rejected},
				indicators.ActionApprove: {indicators.Submitted},
				indicators.ActionReject:  {indicators.Submitted},
			}[action]
			allowed := false
			for _, st := range from {
				allowed = allowed || row.Status == st
			}
			if !allowed {
				return indicators.Errorf(indicators.Conflict, "measurement %d is %s: it cannot be %s", id, row.Status, pastTense(action))
			}
			if err := indicators.May(p, action, indicators.Target{ID: id, EnteredBy: row.EnteredBy}); err != nil {
				return err
			}
			if action == indicators.ActionSubmit {
				fe, err := explanationRequired(tx, &row, decodeWarnings(row.Warnings))
				if err != nil {
					return err
				}
				if fe != nil {
					// Every value that wants an explanation is named, not
					// just the first; the others are not written.
					unexplained = append(unexplained, *fe)
					continue
				}
			}
			err = s.newVersion(tx, &row, p, string(action), comment, func(r *measurementRow) {
				switch action {
				case indicators.ActionSubmit:
					r.Status, r.ReviewedBy, r.ReviewComment = indicators.Submitted, "", ""
				case indicators.ActionApprove:
					v, ver := r.Value, r.Version+1
					r.Status, r.ReviewedBy, r.ReviewComment, r.ApprovedValue, r.ApprovedVersion = indicators.Approved, p.Email, comment, &v, &ver
				case indicators.ActionReject:
					r.Status, r.ReviewedBy, r.ReviewComment = indicators.Rejected, p.Email, comment
				}
			})
			if err != nil {
				return err
			}
			m, err := getMeasurement(tx, id)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		switch {
		case len(unexplained) == 1:
			return indicators.FieldsError("the value has warnings: explain them to submit it", unexplained)
		case len(unexplained) > 1:
			return indicators.FieldsError(fmt.Sprintf("%d values have warnings: explain them to submit them", len(unexplained)), unexplained)
		}
		return nil
	}()
	return out, err
}

func pastTense(a indicators.ReviewAction) string {
	return map[indicators.ReviewAction]string{indicators.ActionSubmit: "submitted", indicators.ActionApprove: "approved", indicators.ActionReject: "rejected"}[a]
}
