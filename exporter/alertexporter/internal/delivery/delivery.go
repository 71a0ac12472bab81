// Package delivery posts one payload to an alert destination and says what
// the collector's retry logic must do with the answer: nothing (2xx), retry
// (a network error, a 5xx, 408), retry no earlier than the server asks (429,
// or 503 with Retry-After) or give up (any other answer).
package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
)

// Poster posts payloads to one URL.
type Poster struct {
	client *http.Client
	url    string
	// shown names the destination in errors, which the collector logs: the
	// URL without what may be secret in it.
	shown string
	now   func() time.Time
}

// NewPoster makes a Poster of target. A secret target (a Slack incoming
// webhook's URL is its credential) is shown in errors as its scheme and
// host only; any other without user info and query.
func NewPoster(client *http.Client, target string, secret bool) (*Poster, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, errors.New("the destination URL does not parse")
	}
	shown := u.Scheme + "://" + u.Host
	if !secret {
		shown += u.EscapedPath()
	} else if u.Path != "" {
		shown += "/…"
	}
	return &Poster{client: client, url: target, shown: shown, now: time.Now}, nil
}

// Post sends body with header. The error, when not nil, is permanent
// (consumererror.IsPermanent), a throttle (exporterhelper.NewThrottleRetry)
// or retryable, and never holds the URL's secret parts.
func (p *Poster) Post(ctx context.Context, body []byte, header http.Header) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return consumererror.NewPermanent(fmt.Errorf("POST %s: %w", p.shown, redact(err)))
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w", p.shown, redact(err))
	}
	defer resp.Body.Close()
	// What the server says on failure helps (Alertmanager names the bad
	// field); read a little of it, and drain the rest so the connection is
	// reused.
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	failure := fmt.Errorf("POST %s: %s: %s", p.shown, resp.Status, strings.TrimSpace(string(answer)))
	return classify(resp.StatusCode, resp.Header.Get("Retry-After"), p.now(), failure)
}

// classify turns a refused request into the error the retry logic acts on.
func classify(status int, retryAfter string, now time.Time, failure error) error {
	delay, hasDelay := RetryAfter(retryAfter, now)
	switch {
	case status == http.StatusTooManyRequests,
		status == http.StatusServiceUnavailable && hasDelay:
		return throttled{exporterhelper.NewThrottleRetry(failure, delay)}
	case status >= 500, status == http.StatusRequestTimeout:
		return failure
	}
	return consumererror.NewPermanent(failure)
}

// RetryAfter reads a Retry-After header: seconds, or an HTTP date. ok is
// false when it is absent or unreadable, and the delay then 0, which lets
// the retry back-off decide.
func RetryAfter(value string, now time.Time) (delay time.Duration, ok bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseUint(value, 10, 31); err == nil {
		return time.Duration(seconds) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(0, at.Sub(now)), true
	}
	return 0, false
}

// redact drops the URL from a net/http error, keeping what went wrong.
func redact(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
