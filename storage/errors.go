package storage

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"igmc/indicators"
)

// translate turns driver errors into domain errors: a missing row becomes
// not_found, a unique or foreign-key violation a conflict. Anything else is
// wrapped as internal, its text kept for the log and never shown.
func translate(err error, what string) error {
	if err == nil {
		return nil
	}
	var de *indicators.Error
	switch {
	case errors.As(err, &de):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return indicators.Errorf(indicators.NotFound, "%s not found", what)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &indicators.Error{Code: indicators.Conflict, Message: what + " already exists", Err: err}
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return &indicators.Error{Code: indicators.Conflict, Message: what + " is still referenced or refers to something missing", Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return &indicators.Error{Code: indicators.Internal, Message: "internal error", Err: fmt.Errorf("storage: %s: %w", what, err)}
}
