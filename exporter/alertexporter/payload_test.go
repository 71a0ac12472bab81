package alertexporter

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/webhook"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from what the exporter sends")

// victoriaLogsLink is the README's generator_url example.
const victoriaLogsLink = `http://127.0.0.1:9428/select/vmui/#/?query={{ printf "security_rule.uuid:=%q process.pid:=%s" (.Attr "security_rule.uuid") (.Attr "process.pid") | urlquery }}`

// golden compares a body the destination received with
// testdata/golden/<name>: the exact bytes, and, when they differ, the
// indented JSON, which says where.
func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	var indented bytes.Buffer
	require.NoError(t, json.Indent(&indented, body, "", "  "), "the body is JSON: %s", body)
	indented.WriteByte('\n')
	if *update {
		require.NoError(t, os.WriteFile(path, indented.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, want))
	if !assert.Equal(t, compact.String(), string(body)) {
		assert.Equal(t, string(want), indented.String())
	}
}

func TestAlertmanagerPayload(t *testing.T) {
	d := newDestination(t)
	cfg := config(FormatAlertmanager, d)
	cfg.GeneratorURL = victoriaLogsLink
	e, _ := start(t, cfg)
	require.NoError(t, e.ConsumeLogs(context.Background(), batch(findingtest.ShadowRead(), findingtest.ReverseShellInPod())))

	got := d.received()
	require.Len(t, got, 1, "one post for the batch")
	assert.Equal(t, "/api/v2/alerts", got[0].path)
	assert.Equal(t, "application/json", got[0].header.Get("Content-Type"))
	assert.Equal(t, "otelcol/latest", got[0].header.Get("User-Agent"), "the collector names itself")
	golden(t, "alertmanager.json", got[0].body)
}

func TestSlackPayload(t *testing.T) {
	d := newDestination(t)
	cfg := config(FormatSlack, d)
	cfg.GeneratorURL = victoriaLogsLink
	e, _ := start(t, cfg)
	require.NoError(t, e.ConsumeLogs(context.Background(), batch(findingtest.ShadowRead(), findingtest.ReverseShellInPod())))

	got := d.received()
	require.Len(t, got, 2, "one message per finding")
	assert.Equal(t, "/services/T000/B000/XXXX", got[0].path)
	golden(t, "slack-host.json", got[0].body)
	golden(t, "slack-pod.json", got[1].body)
}

func TestWebhookPayloadIsSigned(t *testing.T) {
	d := newDestination(t)
	cfg := config(FormatWebhook, d)
	cfg.GeneratorURL = victoriaLogsLink
	cfg.Webhook.Secret = "k3y"
	e, _ := start(t, cfg)
	require.NoError(t, e.ConsumeLogs(context.Background(), batch(findingtest.ShadowRead(), findingtest.ReverseShellInPod())))

	got := d.received()
	require.Len(t, got, 2, "one document per finding")
	golden(t, "webhook-host.json", got[0].body)
	golden(t, "webhook-pod.json", got[1].body)
	for _, r := range got {
		assert.Equal(t, "application/json", r.header.Get("Content-Type"))
		assert.True(t, verifySignature(r.header.Get(webhook.SignatureHeader), r.body, []byte("k3y")),
			"X-Vigil-Signature is the HMAC-SHA256 of the body: %q", r.header.Get(webhook.SignatureHeader))
		assert.False(t, verifySignature(r.header.Get(webhook.SignatureHeader), r.body, []byte("another key")))
	}
}

func TestWebhookWithoutSecretIsNotSigned(t *testing.T) {
	d := newDestination(t)
	e, _ := start(t, config(FormatWebhook, d))
	require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.ShadowRead()))
	assert.Empty(t, d.waitFor(t, 1)[0].header.Get(webhook.SignatureHeader))
}

func TestWebhookTemplate(t *testing.T) {
	d := newDestination(t)
	cfg := config(FormatWebhook, d)
	cfg.Webhook.ContentType = "application/vnd.example+json"
	cfg.Webhook.Template = `{"title": {{ json (printf "%s %s" .Rule.ID .Rule.Name) }}, "where": {{ json .Where.Host }}, "pid": {{ .Attr "process.pid" }}, "count": {{ .Occurrences }}}`
	e, _ := start(t, cfg)
	require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.ShadowRead()))
	r := d.waitFor(t, 1)[0]
	assert.Equal(t, "application/vnd.example+json", r.header.Get("Content-Type"))
	assert.JSONEq(t, `{"title": "VGL-CRED-001 Shadow password file read outside the login stack", "where": "web-01", "pid": 48377, "count": 1}`, string(r.body))
}
