package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/webhook"
)

// The signature is what a receiver computes with the standard library.
func TestSignature(t *testing.T) {
	body := []byte(`{"version":"1"}`)
	mac := hmac.New(sha256.New, []byte("k3y"))
	mac.Write(body)
	assert.Equal(t, "sha256="+hex.EncodeToString(mac.Sum(nil)), webhook.Signature([]byte("k3y"), body))
	assert.NotEqual(t, webhook.Signature([]byte("k3y"), body), webhook.Signature([]byte("other"), body))
}

func TestTemplate(t *testing.T) {
	b, err := webhook.NewBody(`{"text": {{ json (printf "%s on %s: %s" .Rule.ID .Where.Host (.Attr "process.command_line")) }}, "n": {{ .Occurrences }}, "tree": {{ json .Process.Tree }}}`)
	require.NoError(t, err)
	f := findingtest.Finding(findingtest.ShadowRead())
	out, err := b.Make(webhook.NewPayload(f, map[string]string{}, "", time.Now()))
	require.NoError(t, err)
	assert.JSONEq(t, `{"text": "VGL-CRED-001 on web-01: cat /etc/shadow", "n": 1, "tree": "cat(48377) ← bash(48190) ← sshd-session(48100) ← sshd(1023)"}`, string(out))
}

func TestTemplateErrors(t *testing.T) {
	_, err := webhook.NewBody(`{{ .Rule.ID `)
	assert.Error(t, err)
	b, err := webhook.NewBody(`{{ .Rule.NoSuchField }}`)
	require.NoError(t, err)
	_, err = b.Make(webhook.NewPayload(findingtest.Finding(findingtest.ShadowRead()), nil, "", time.Now()))
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "webhook template:"))
}
