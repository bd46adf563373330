package storage

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// changeChannel is the PostgreSQL channel every write notifies, so that each
// instance serving the same database drops its cached scorecards.
const changeChannel = "igmc_changes"

// The notification payloads: what kind of change happened.
const (
	changedData      = "data"
	changedCatalogue = "catalogue"
)

// write runs fn as one write transaction. On PostgreSQL the transaction also
// notifies the other instances (delivered only if it commits); after the
// commit this instance's cache is invalidated.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.writeKind(ctx, false, fn)
}

// writeCatalogue is write for changes of a framework or its catalogue.
func (s *Store) writeCatalogue(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.writeKind(ctx, true, fn)
}

func (s *Store) writeKind(ctx context.Context, catalogue bool, fn func(tx *gorm.DB) error) error {
	kind := changedData
	if catalogue {
		kind = changedCatalogue
	}
	// What the write invalidates of the scorecard summaries; fn narrows it
	// (summaries.go). A fresh scope per attempt, as transact may retry.
	sc := &summaryScope{}
	ctx = context.WithValue(ctx, summaryScopeKey{}, sc)
	err := s.transact(ctx, s.db, func(tx *gorm.DB) error {
		*sc = summaryScope{}
		if err := fn(tx); err != nil {
			return err
		}
		if err := invalidateSummaries(tx, sc, catalogue); err != nil {
			return err
		}
		if s.engine == Postgres {
			return translate(tx.Exec("SELECT pg_notify(?, ?)", changeChannel, kind).Error, "notify")
		}
		return nil
	})
	if err == nil {
		s.cache.changed(catalogue)
		s.writeHeadFile(ctx)
	}
	return err
}

// listen follows the change notifications of other instances until ctx
// ends, reconnecting when the connection drops. Whenever it (re)connects it
// invalidates the cache, as changes may have been missed meanwhile.
func (s *Store) listen(ctx context.Context, url string) {
	backoff := time.Second
	for ctx.Err() == nil {
		conn, err := pgx.Connect(ctx, url)
		if err == nil {
			_, err = conn.Exec(ctx, "LISTEN "+changeChannel)
		}
		if err == nil {
			backoff = time.Second
			s.cache.changed(true)
			s.following.Store(true)
			s.listening.Do(func() { close(s.listeningCh) })
			for {
				var n *pgconn.Notification
				if n, err = conn.WaitForNotification(ctx); err != nil {
					// Revocations may now go unheard: stop serving cached
					// sessions and tokens until the next LISTEN.
					s.following.Store(false)
					s.cache.changed(true)
					break
				}
				s.cache.changed(n.Payload != changedData)
				select {
				case s.notified <- struct{}{}:
				default:
				}
			}
		}
		if conn != nil {
			_ = conn.Close(context.Background())
		}
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("storage: change notifications interrupted; reconnecting", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, time.Minute)
	}
}

// cachesPrincipals says whether resolved sessions and tokens may be served
// from the cache: always on SQLite (one server), and on PostgreSQL only
// while the change notifications are followed, so that a revocation made
// through another instance is never missed for want of its notification.
func (s *Store) cachesPrincipals() bool {
	return s.engine != Postgres || s.following.Load()
}
