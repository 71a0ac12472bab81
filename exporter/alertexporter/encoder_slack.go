package alertexporter

import (
	"time"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/slack"
)

// slackEncoder posts one message per finding: an incoming webhook takes
// one message per request.
type slackEncoder struct{}

func (slackEncoder) encode(items []item, _ time.Time) []message {
	out := make([]message, len(items))
	for i, it := range items {
		body, err := encodeJSON(slack.NewMessage(it.Finding, it.link))
		out[i] = message{body: body, header: jsonHeader(), items: []int{i}, err: err}
	}
	return out
}
