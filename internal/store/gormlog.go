package store

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// slowQuery is the duration past which a query is logged.
const slowQuery = 500 * time.Millisecond

// quietLogger is GORM's slog logger, asked to trace only what it will log: failed and
// slow queries. The wrapped Trace formats every statement's SQL before deciding to
// drop it, which cost several percent of a lead post. Parameters stay out of the log:
// they hold visitors' names and emails.
type quietLogger struct{ logger.Interface }

func newQuietLogger(log *slog.Logger) logger.Interface {
	return quietLogger{logger.NewSlogLogger(log.With("component", "gorm"), logger.Config{
		SlowThreshold:             slowQuery,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
		ParameterizedQueries:      true,
	})}
}

func (q quietLogger) LogMode(l logger.LogLevel) logger.Interface {
	return quietLogger{q.Interface.LogMode(l)}
}

func (q quietLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if (err != nil && !errors.Is(err, gorm.ErrRecordNotFound)) || time.Since(begin) > slowQuery {
		q.Interface.Trace(ctx, begin, fc, err)
	}
}
