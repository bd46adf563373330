package storage

import (
	"context"

	"gorm.io/gorm"

	"igmc/indicators"
)

// Validation rules (SPEC §8) belong to a framework; an import replaces
// them all at once, audited as one event with the old and the new lists.

type ruleRow struct {
	ID          int64
	FrameworkID int64
	Position    int
	Code        string
	LeftExpr    string
	Operator    string
	RightExpr   string
	Tolerance   float64
	Severity    indicators.Severity
	MessageEn   string
	MessageZh   string
}

func (ruleRow) TableName() string { return "validation_rules" }

// Rules lists a framework's validation rules, compiled, in file order.
func (s *Store) Rules(ctx context.Context, framework string) ([]indicators.Rule, error) {
	var out []indicators.Rule
	err := s.cacheReader(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = s.rulesOf(tx, framework)
		return err
	})
	return out, err
}

func (s *Store) rulesOf(tx *gorm.DB, framework string) ([]indicators.Rule, error) {
	fe, err := s.scoringFramework(tx, framework)
	if err != nil {
		return nil, err
	}
	var rows []ruleRow
	if err := tx.Where("framework_id = ?", fe.id).Order("position").Find(&rows).Error; err != nil {
		return nil, translate(err, "rules")
	}
	out := make([]indicators.Rule, 0, len(rows))
	var errs indicators.FieldErrors
	for i, r := range rows {
		rule := indicators.Rule{Code: r.Code, Left: r.LeftExpr, Operator: r.Operator, Right: r.RightExpr, Tolerance: r.Tolerance,
			Severity: r.Severity, MessageEn: r.MessageEn, MessageZh: r.MessageZh}
		// A stored rule was checked at its import; one whose indicator
		// has left the catalogue since is listed and never fails (its
		// value is missing).
		rule.Compile(i+1, nil, &errs)
		out = append(out, rule)
	}
	return out, nil
}

// ImportRules replaces a framework's validation rules with those of a
// rules file, all or nothing; a dry run checks the file and says what
// would change. Administrators only; one audit event.
func (s *Store) ImportRules(ctx context.Context, framework string, rd indicators.RowReader, dryRun bool, p *indicators.Principal) (indicators.RulesResult, error) {
	res := indicators.RulesResult{Framework: framework, DryRun: dryRun}
	if p == nil || p.Role != indicators.RoleAdmin {
		return res, indicators.Errorf(indicators.Forbidden, "only an administrator may change a framework's rules")
	}
	var known map[string]bool
	err := s.rdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fe, err := s.scoringFramework(tx, framework)
		if err != nil {
			return err
		}
		known = make(map[string]bool, len(fe.ids))
		for c := range fe.ids {
			known[c] = true
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	rules, err := indicators.ReadRules(rd, func(c string) bool { return known[c] })
	if err != nil {
		return res, err
	}
	res.Rules = len(rules)
	write := func(tx *gorm.DB) error {
		var f frameworkRow
		if err := tx.Where("code = ?", framework).Take(&f).Error; err != nil {
			return translate(err, "framework "+quote(framework))
		}
		if err := s.lockFrameworkTx(tx, f.ID, true); err != nil {
			return err
		}
		removed, err := s.replaceRules(tx, f.ID, framework, rules, dryRun, p)
		res.Removed = removed
		return err
	}
	if dryRun {
		err = s.rdb.WithContext(ctx).Transaction(write)
	} else {
		err = s.writeCatalogue(ctx, write)
	}
	return res, err
}

// replaceRules puts rules in place of a framework's rules in tx (only
// counting them on a dry run) and answers how many there were.
func (s *Store) replaceRules(tx *gorm.DB, fwID int64, framework string, rules []indicators.Rule, dryRun bool, p *indicators.Principal) (int, error) {
	old, err := s.rulesOf(tx, framework)
	if err != nil || dryRun {
		return len(old), err
	}
	if err := tx.Where("framework_id = ?", fwID).Delete(&ruleRow{}).Error; err != nil {
		return 0, translate(err, "rules")
	}
	for i, r := range rules {
		row := ruleRow{FrameworkID: fwID, Position: i + 1, Code: r.Code, LeftExpr: r.Left, Operator: r.Operator, RightExpr: r.Right,
			Tolerance: r.Tolerance, Severity: r.Severity, MessageEn: r.MessageEn, MessageZh: r.MessageZh}
		if err := tx.Create(&row).Error; err != nil {
			return 0, translate(err, "rule "+quote(r.Code))
		}
	}
	_, err = s.auditG(tx, func(int64) (event, error) {
		return event{actor: p.Email, entity: "rules", entityID: framework, action: "import", old: old, new: rules}, nil
	})
	return len(old), err
}
