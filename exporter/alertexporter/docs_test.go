package alertexporter

import (
	"encoding/json"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.yaml.in/yaml/v3"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/alertmanager"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/link"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/webhook"
)

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	return string(b)
}

// yamlBlocks are the README's ```yaml blocks, ${env:…} made values.
func yamlBlocks(t *testing.T) []string {
	t.Helper()
	env := regexp.MustCompile(`\$\{env:([A-Z_]+)\}`)
	var out []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(readme(t), -1) {
		out = append(out, env.ReplaceAllStringFunc(m[1], func(string) string { return "https://hooks.example.com/T0/B0/x" }))
	}
	return out
}

// TestReadmeExamplesAreValid loads every exporter configuration the README
// shows, and renders every template it shows on a finding.
func TestReadmeExamplesAreValid(t *testing.T) {
	var exporters, links, templates int
	for _, block := range yamlBlocks(t) {
		var raw map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(block), &raw), block)
		switch {
		case raw["exporters"] != nil:
			for id, sub := range raw["exporters"].(map[string]any) {
				cfg := createDefaultConfig().(*Config)
				require.NoError(t, confmap.NewFromStringMap(sub.(map[string]any)).Unmarshal(cfg), id)
				require.NoError(t, confmap.Validate(cfg), id)
				exporters++
			}
		case raw["generator_url"] != nil:
			tpl, err := link.Parse(raw["generator_url"].(string))
			require.NoError(t, err, block)
			got, err := tpl.Render(findingtest.Finding(findingtest.ShadowRead()))
			require.NoError(t, err, block)
			_, err = url.Parse(got)
			require.NoError(t, err)
			links++
		case raw["webhook"] != nil:
			body, err := webhook.NewBody(raw["webhook"].(map[string]any)["template"].(string))
			require.NoError(t, err, block)
			out, err := body.Make(webhook.NewPayload(findingtest.Finding(findingtest.ReverseShellInPod()), nil, "", time.Now()))
			require.NoError(t, err, block)
			assert.True(t, json.Valid(out), "%s", out)
			templates++
		}
	}
	assert.Equal(t, 4, exporters)
	assert.Equal(t, 2, links)
	assert.Equal(t, 1, templates)
}

// TestReadmeNamesEveryKey: the key table has a row for every key of
// Config (confighttp's aside, described together).
func TestReadmeNamesEveryKey(t *testing.T) {
	doc := readme(t)
	var keys []string
	var walk func(reflect.Type, string)
	walk = func(typ reflect.Type, prefix string) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag := strings.Split(f.Tag.Get("mapstructure"), ",")[0]
			switch {
			case tag == "" || !f.IsExported():
				continue
			case f.Type.Kind() == reflect.Struct && (tag == "slack" || tag == "webhook"):
				walk(f.Type, prefix+tag+".")
			default:
				keys = append(keys, prefix+tag)
			}
		}
	}
	walk(reflect.TypeOf(Config{}), "")
	require.Contains(t, keys, "webhook.secret")
	for _, k := range append(keys, "endpoint", "timeout") {
		assert.Contains(t, doc, "| `"+k+"` |", "README.md's key table has %s", k)
	}
}

// TestReadmeNamesEveryAnnotation: every annotation an alert can carry is
// in the README's table.
func TestReadmeNamesEveryAnnotation(t *testing.T) {
	doc := readme(t)
	pod := findingtest.ReverseShellInPod()
	findingtest.Record(pod).Attributes().PutInt("vigil.finding.count", 3)
	findingtest.Record(pod).Attributes().PutStr("dns.question.name", "example.com")
	findingtest.Record(pod).Attributes().PutStr("file.path", "/tmp/x")
	for _, f := range []finding.Finding{findingtest.Finding(findingtest.ShadowRead()), findingtest.Finding(pod)} {
		for name := range alertmanager.Annotations(f) {
			assert.Regexp(t, "`"+name+"`", doc, "annotation %s", name)
		}
		for name := range alertmanager.Labels(f, nil) {
			assert.Regexp(t, "`"+name+"`", doc, "label %s", name)
		}
	}
}
