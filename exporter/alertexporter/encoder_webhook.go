package alertexporter

import (
	"net/http"
	"time"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/grouping"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/webhook"
)

// webhookEncoder posts one document per finding, signed when a secret is
// configured: a template written for one event (a chat message, an
// incident) works as it is.
type webhookEncoder struct {
	groupBy     []string
	body        *webhook.Body
	secret      []byte
	contentType string
}

func (w *webhookEncoder) encode(items []item, now time.Time) []message {
	out := make([]message, len(items))
	for i, it := range items {
		body, err := w.body.Make(webhook.NewPayload(it.Finding, grouping.Attributes(it.Finding, w.groupBy), it.link, now))
		header := http.Header{"Content-Type": {w.contentType}}
		if err == nil && len(w.secret) > 0 {
			header.Set(webhook.SignatureHeader, webhook.Signature(w.secret, body))
		}
		out[i] = message{body: body, header: header, items: []int{i}, err: err}
	}
	return out
}
