package slack_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/slack"
)

func TestWhere(t *testing.T) {
	assert.Equal(t, "Deployment shop/web on node-1 (cluster prod-eu)", slack.Where(findingtest.Finding(findingtest.ReverseShellInPod())))
	assert.Equal(t, "host web-01", slack.Where(findingtest.Finding(findingtest.ShadowRead())))

	ld := findingtest.ReverseShellInPod()
	res := ld.ResourceLogs().At(0).Resource().Attributes()
	res.Remove("k8s.deployment.name")
	res.Remove("k8s.cluster.name")
	assert.Equal(t, "pod shop/web-7d9f-abcde on node-1", slack.Where(findingtest.Finding(ld)), "a bare pod")
}

// What a command line holds cannot break out of its code block or become
// a link or mention.
func TestCommandLinesAreInert(t *testing.T) {
	ld := findingtest.ShadowRead()
	findingtest.Record(ld).Attributes().PutStr("process.command_line", "sh -c 'echo <!channel> ``` && x'")
	m := slack.NewMessage(findingtest.Finding(ld), "")
	var value string
	for _, f := range m.Attachments[0].Fields {
		if f.Title == "Command line" {
			value = f.Value
		}
	}
	assert.Equal(t, "```sh -c 'echo &lt;!channel&gt; `\u200b`` &amp;&amp; x'```", value)
	assert.Equal(t, 2, strings.Count(value, "```"))
}

func TestSummaryHeadline(t *testing.T) {
	ld := findingtest.ShadowRead()
	findingtest.Record(ld).Attributes().PutInt("vigil.finding.count", 12)
	m := slack.NewMessage(findingtest.Finding(ld), "")
	assert.Equal(t, "[HIGH] Shadow password file read outside the login stack on host web-01 (12 more since the last message)", m.Text)
	assert.Equal(t, "#f2994a", m.Attachments[0].Color)
}
