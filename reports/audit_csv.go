package reports

import (
	"context"
	"io"
	"strconv"

	"igmc/indicators"
	"igmc/locale"
)

// AuditColumns are the columns of the audit trail export.
var AuditColumns = []string{"id", "at", "actor", "entity", "entity_id", "action", "old_value", "new_value", "reason", "prev_hash", "hash", "at_local"}

// WriteAuditCSV streams the audit trail of zones (nil: every zone) as CSV
// with AuditColumns, so that the export and the auditor's bundle write the
// same file.
func WriteAuditCSV(ctx context.Context, svc AuditSource, w io.Writer, zones []string) error {
	cw := indicators.NewCSVWriter(w)
	if err := cw.Write(AuditColumns); err != nil {
		return err
	}
	err := svc.ExportAudit(ctx, zones, func(e *indicators.AuditEvent) error {
		return cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format("2006-01-02T15:04:05.000000Z"), e.Actor, e.Entity, e.EntityID,
			e.Action, e.OldValue, e.NewValue, e.Reason, e.PrevHash, e.Hash, locale.Stamp(e.At)})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return err
}
