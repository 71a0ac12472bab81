package delivery

import (
	"errors"

	"go.opentelemetry.io/collector/consumer/consumererror"
)

// Reason names how a Post failed, as the failed metric says it.
type Reason string

// The reasons a send fails.
const (
	Retryable Reason = "retryable"
	Throttled Reason = "throttled"
	Permanent Reason = "permanent"
)

// ReasonOf tells how a Post's error fails.
func ReasonOf(err error) Reason {
	switch {
	case consumererror.IsPermanent(err):
		return Permanent
	case errors.As(err, new(throttled)):
		return Throttled
	}
	return Retryable
}

// throttled marks the throttle errors Post makes: exporterhelper's own
// type is not exported, and the retry logic finds it through Unwrap.
type throttled struct{ error }

func (t throttled) Unwrap() error { return t.error }
