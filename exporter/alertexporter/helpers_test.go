package alertexporter

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"
)

// verifySignature checks an X-Vigil-Signature as a receiver would, with
// the standard library alone.
func verifySignature(header string, body, key []byte) bool {
	hexMAC, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexMAC)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// closedPort is a loopback URL nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}

// pidOf is process.pid in a webhook body.
func pidOf(t *testing.T, body []byte) string {
	t.Helper()
	var p struct {
		Process struct {
			PID json.Number `json:"pid"`
		} `json:"process"`
	}
	require.NoError(t, json.Unmarshal(body, &p))
	return p.Process.PID.String()
}

// ignoreTimes compares metric points by value and attributes.
var ignoreTimes = []metricdatatest.Option{metricdatatest.IgnoreTimestamp(), metricdatatest.IgnoreExemplars()}
