package delivery_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumererror"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/delivery"
)

// answering is a loopback server that answers every request with status
// and, when not "", Retry-After.
func answering(t *testing.T, status int, retryAfter string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte("bad field labels"))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func post(t *testing.T, target string, secret bool) error {
	t.Helper()
	p, err := delivery.NewPoster(http.DefaultClient, target, secret)
	require.NoError(t, err)
	return p.Post(context.Background(), []byte(`[]`), http.Header{"Content-Type": {"application/json"}})
}

func TestAnswers(t *testing.T) {
	for _, tc := range []struct {
		status     int
		retryAfter string
		want       delivery.Reason // "" for success
	}{
		{http.StatusOK, "", ""},
		{http.StatusAccepted, "", ""},
		{http.StatusBadRequest, "", delivery.Permanent},
		{http.StatusUnauthorized, "", delivery.Permanent},
		{http.StatusNotFound, "", delivery.Permanent},
		{http.StatusRequestTimeout, "", delivery.Retryable},
		{http.StatusInternalServerError, "", delivery.Retryable},
		{http.StatusBadGateway, "", delivery.Retryable},
		{http.StatusServiceUnavailable, "", delivery.Retryable},
		{http.StatusServiceUnavailable, "7", delivery.Throttled},
		{http.StatusTooManyRequests, "7", delivery.Throttled},
		{http.StatusTooManyRequests, "", delivery.Throttled},
	} {
		err := post(t, answering(t, tc.status, tc.retryAfter), false)
		if tc.want == "" {
			assert.NoError(t, err, "%d", tc.status)
			continue
		}
		require.Error(t, err, "%d", tc.status)
		assert.Equal(t, tc.want, delivery.ReasonOf(err), "%d Retry-After %q: %v", tc.status, tc.retryAfter, err)
		assert.Equal(t, tc.want == delivery.Permanent, consumererror.IsPermanent(err))
		assert.Contains(t, err.Error(), "bad field labels", "what the server said")
	}
}

func TestThrottleDelay(t *testing.T) {
	err := post(t, answering(t, http.StatusTooManyRequests, "7"), false)
	assert.Contains(t, err.Error(), "Throttle (7s)", "exporterhelper's throttle, which the retry waits out")
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	for value, want := range map[string]time.Duration{
		"30":                            30 * time.Second,
		"0":                             0,
		"Wed, 25 Nov 2026 09:30:45 GMT": 45 * time.Second,
		"Wed, 25 Nov 2026 09:29:00 GMT": 0, // already past
	} {
		d, ok := delivery.RetryAfter(value, now)
		assert.True(t, ok, value)
		assert.Equal(t, want, d, value)
	}
	for _, value := range []string{"", "soon", "-5", "1.5"} {
		_, ok := delivery.RetryAfter(value, now)
		assert.False(t, ok, value)
	}
}

// A network error is retried, and a secret URL (Slack's webhook, whose
// path is the credential) is not in the error the collector logs.
func TestNetworkErrorHidesTheSecret(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := "http://" + l.Addr().String() + "/services/T000/B000/SECRET"
	require.NoError(t, l.Close())

	err = post(t, closed, true)
	require.Error(t, err)
	assert.Equal(t, delivery.Retryable, delivery.ReasonOf(err))
	assert.NotContains(t, err.Error(), "SECRET")
	assert.NotContains(t, err.Error(), "services")
	assert.Contains(t, err.Error(), "POST http://"+l.Addr().String()+"/…")

	err = post(t, answering(t, http.StatusForbidden, "")+"/services/T000/B000/SECRET", true)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "SECRET")

	err = post(t, closed, false)
	assert.Contains(t, err.Error(), "/services/T000/B000/SECRET", "a URL that is not secret is shown")
}

func TestCancelledContextIsNotPermanent(t *testing.T) {
	p, err := delivery.NewPoster(http.DefaultClient, answering(t, http.StatusOK, ""), false)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = p.Post(ctx, nil, nil)
	require.Error(t, err)
	assert.Equal(t, delivery.Retryable, delivery.ReasonOf(err))
}
