package storage

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"igmc/indicators"
)

// transact runs fn as one transaction on db. PostgreSQL may abort a
// transaction that collided with another (a deadlock, or a serialization
// failure): such a transaction changed nothing, so it is run once more. fn
// must therefore set, not accumulate, what it hands back.
func (s *Store) transact(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	if s.engine == SQLite {
		return unavailable(immediate(ctx, db, fn))
	}
	err := db.WithContext(ctx).Transaction(fn)
	if retryable(err) && ctx.Err() == nil {
		s.log.Info("retrying a transaction that collided with another", "err", err)
		err = db.WithContext(ctx).Transaction(fn)
	}
	return unavailable(err)
}

// immediate runs fn in a SQLite transaction begun with BEGIN IMMEDIATE,
// which waits (busy_timeout) for the file's write lock before anything is
// read. A deferred transaction reads first and fails at once with
// "database is locked" when it then has to write after another writer
// committed. The driver's _txlock setting would do this, but it ignores
// _txlock whenever _time_format is given too, so the store begins its
// write transactions itself.
func immediate(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Session(&gorm.Session{SkipDefaultTransaction: true}).Connection(func(c *gorm.DB) error {
		// As Transaction does: every statement on c starts afresh, on the
		// one connection.
		c = c.Session(&gorm.Session{NewDB: true})
		if err := beginImmediate(ctx, func() error { return c.Exec("BEGIN IMMEDIATE").Error }); err != nil {
			return err
		}
		done := false
		defer func() {
			if !done {
				_ = c.WithContext(context.WithoutCancel(ctx)).Exec("ROLLBACK").Error
			}
		}()
		if err := fn(c); err != nil {
			return err
		}
		if err := c.Exec("COMMIT").Error; err != nil {
			return translate(err, "commit")
		}
		done = true
		return nil
	})
}

// retryable reports a PostgreSQL deadlock (40P01) or serialization failure
// (40001).
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// unavailable turns the errors that say "not now" rather than "never" into
// indicators.Unavailable: a collision that persisted after the retry, a
// statement PostgreSQL cancelled (57014: statement_timeout or the request's
// deadline) or a lock it gave up waiting for (55P03), and SQLite still busy
// after its busy timeout. The web layer answers them 503.
func unavailable(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	// The SQLite driver's errors carry the result code; the low byte is
	// the primary code (SQLITE_BUSY 5, SQLITE_LOCKED 6).
	var se interface{ Code() int }
	switch {
	case retryable(err):
		return &indicators.Error{Code: indicators.Unavailable, Message: "the change collided with another one made at the same time: try again",
			RetryAfter: time.Second, Err: err}
	case errors.As(err, &pe) && (pe.Code == "57014" || pe.Code == "55P03"),
		errors.As(err, &se) && (se.Code()&0xff == 5 || se.Code()&0xff == 6):
		return &indicators.Error{Code: indicators.Unavailable, Message: "the database did not answer in time: try again in a moment",
			RetryAfter: time.Second, Err: err}
	}
	return err
}

// beginImmediate runs begin (a BEGIN IMMEDIATE) until it gets the SQLite
// file's write lock or ctx ends. SQLite's busy handler waits at most
// sqliteBusyTimeout per try and does not notice a context ending, so the
// waiting is done here in short tries: a request gives up at its deadline
// (503), a CLI command (no deadline) waits its turn however long the
// server's write takes.
func beginImmediate(ctx context.Context, begin func() error) error {
	for {
		err := begin()
		if err == nil {
			return nil
		}
		if !busy(err) || ctx.Err() != nil {
			return unavailable(translate(err, "transaction"))
		}
	}
}

// busy reports SQLite's SQLITE_BUSY (another connection holds the lock).
func busy(err error) bool {
	var se interface{ Code() int }
	return errors.As(err, &se) && se.Code()&0xff == 5
}

// lockMeasurements locks the rows of the values a transaction is about to
// change, in ascending id order, so that two transactions changing the
// same values in different orders queue up instead of deadlocking. SQLite
// has one writer at a time and needs no row locks.
func (s *Store) lockMeasurements(tx *gorm.DB, ids []int64) error {
	if s.engine != Postgres || len(ids) == 0 {
		return nil
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var got []int64
	err := tx.Raw("SELECT id FROM measurements WHERE id IN ? ORDER BY id FOR UPDATE", sorted).Scan(&got).Error
	return translate(err, "measurements")
}
