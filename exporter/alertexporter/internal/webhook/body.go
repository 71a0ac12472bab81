package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"text/template"
)

// Body makes request bodies of payloads: the payload as JSON, or what a
// template writes of it.
type Body struct {
	template *template.Template
}

// NewBody makes a Body; text is a Go text/template, or "" for the JSON
// payload. A template sees the Payload (its Go field names: .Rule.ID,
// .Where.Namespace, .Occurrences…, and .Attr "name" for any attribute)
// and may call json, which writes a value as JSON (a quoted, escaped
// string for a string).
func NewBody(text string) (*Body, error) {
	if text == "" {
		return &Body{}, nil
	}
	t, err := template.New("webhook").Option("missingkey=error").Funcs(Funcs).Parse(text)
	if err != nil {
		return nil, err
	}
	return &Body{template: t}, nil
}

// Funcs are the functions templates may call beside text/template's own.
var Funcs = template.FuncMap{
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
}

// Make writes the body of one payload.
func (b *Body) Make(p Payload) ([]byte, error) {
	if b.template == nil {
		// <, > and & stay as they are: the body is read by programs, not
		// put in an HTML page.
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(p); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
	}
	var out bytes.Buffer
	if err := b.template.Execute(&out, p); err != nil {
		return nil, fmt.Errorf("webhook template: %w", err)
	}
	return out.Bytes(), nil
}
