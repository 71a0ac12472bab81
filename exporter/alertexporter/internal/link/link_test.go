package link_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/link"
)

func render(t *testing.T, text string) string {
	t.Helper()
	tpl, err := link.Parse(text)
	require.NoError(t, err)
	out, err := tpl.Render(findingtest.Finding(findingtest.ShadowRead()))
	require.NoError(t, err)
	return out
}

func TestVictoriaLogsLink(t *testing.T) {
	got := render(t, `http://127.0.0.1:9428/select/vmui/#/?query={{ printf "security_rule.uuid:=%q process.pid:=%s" (.Attr "security_rule.uuid") (.Attr "process.pid") | queryescape }}&g0.end_input={{ .Time.UTC.Format "2006-01-02T15:04:05" }}`)
	assert.Equal(t, `http://127.0.0.1:9428/select/vmui/#/?query=security_rule.uuid%3A%3D%22VGL-CRED-001%22+process.pid%3A%3D48377&g0.end_input=2026-11-25T09:30:00`, got)
}

func TestGrafanaExploreLink(t *testing.T) {
	got := render(t, `https://grafana.example.com/explore?left={{ printf "{\"datasource\":\"logs\",\"queries\":[{\"expr\":%s}],\"range\":{\"from\":\"%d\",\"to\":\"%d\"}}" (json (printf "{host_name=%q} |= %q" (.Attr "host.name") (.Attr "security_rule.uuid"))) (.Time.Add -300000000000).UnixMilli (.Time.Add 300000000000).UnixMilli | queryescape }}`)
	assert.Contains(t, got, "https://grafana.example.com/explore?left=%7B%22datasource%22")
	assert.Contains(t, got, "%7Bhost_name%3D%5C%22web-01%5C%22%7D")
}

func TestEmptyTemplateIsNoLink(t *testing.T) {
	assert.Equal(t, "", render(t, ""))
}

func TestBadTemplates(t *testing.T) {
	_, err := link.Parse(`{{ .Attr`)
	assert.Error(t, err)
	tpl, err := link.Parse(`{{ .NoSuchMethod }}`)
	require.NoError(t, err, "text/template finds fields at execution")
	_, err = tpl.Render(findingtest.Finding(findingtest.ShadowRead()))
	assert.Error(t, err)
	tpl, err = link.Parse("http://x/%zz")
	require.NoError(t, err)
	_, err = tpl.Render(findingtest.Finding(findingtest.ShadowRead()))
	assert.ErrorContains(t, err, "is not a URL")
}
