package alertexporter

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/webhook"
)

// item is a finding to send, with its generator_url link.
type item struct {
	finding.Finding
	link string
}

// message is one request to the destination: its body and headers, the
// indexes of the items it carries, or why it could not be made.
type message struct {
	body   []byte
	header http.Header
	items  []int
	err    error
}

// encoder makes a format's requests of findings.
type encoder interface {
	encode(items []item, now time.Time) []message
}

func newEncoder(cfg *Config) (encoder, error) {
	switch cfg.Format {
	case FormatAlertmanager:
		return &alertmanagerEncoder{groupBy: cfg.GroupBy, resolveAfter: cfg.ResolveAfter}, nil
	case FormatSlack:
		return slackEncoder{}, nil
	}
	body, err := webhook.NewBody(cfg.Webhook.Template)
	if err != nil {
		return nil, err
	}
	return &webhookEncoder{
		groupBy:     cfg.GroupBy,
		body:        body,
		secret:      []byte(cfg.Webhook.Secret),
		contentType: cfg.Webhook.ContentType,
	}, nil
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}}
}

// encodeJSON writes v as JSON as it reads: <, > and & as they are (Slack
// links are <url|text>), not as the \u003c escapes json.Marshal makes for
// HTML pages.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
