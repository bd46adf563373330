package storage

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// changeChannel is the PostgreSQL channel every write notifies, so that each
// instance serving the same database drops its cached scorecards.
const changeChannel = "igmc_changes"

// write runs fn as one write transaction. On PostgreSQL the transaction also
// notifies the other instances (delivered only if it commits); after the
// commit this instance's cache is invalidated.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := fn(tx); err != nil {
			return err
		}
		if s.engine == Postgres {
			return translate(tx.Exec("SELECT pg_notify(?, '')", changeChannel).Error, "notify")
		}
		return nil
	})
	if err == nil {
		s.cache.changed()
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
			s.cache.changed()
			s.listening.Do(func() { close(s.listeningCh) })
			for {
				if _, err = conn.WaitForNotification(ctx); err != nil {
					break
				}
				s.cache.changed()
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
