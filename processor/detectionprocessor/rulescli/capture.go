package rulescli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fixture"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// capture turns recorded logs (real receiver records, say) into a rule's
// compact fixtures: only what the loaded rules read is kept. With -o the
// records become the rule's fire or near_miss list in that fixture file,
// whose other contents stay; else the YAML is printed.
func capture(o *options, stdout, stderr io.Writer) int {
	if o.input == "" || o.rule == "" || (o.as != "fire" && o.as != "near_miss") {
		fmt.Fprintln(stderr, "vigil-rules capture: -input, -rule and -as fire|near_miss are required")
		return 2
	}
	set, err := compile(o)
	if err != nil {
		report(stderr, err)
		return 1
	}
	var rule *rules.Compiled
	for _, r := range set.Rules {
		if r.ID == o.rule {
			rule = r
		}
	}
	if rule == nil {
		fmt.Fprintf(stderr, "vigil-rules capture: no enabled rule has id %s\n", o.rule)
		return 1
	}
	data, err := readInput(o.input)
	if err == nil {
		var requests []plog.Logs
		if requests, err = decodeRequests(data); err == nil {
			err = captureInto(o, set, rule, requests, stdout)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "vigil-rules capture: %v\n", err)
		return 1
	}
	return 0
}

func captureInto(o *options, set *rules.Set, rule *rules.Compiled, requests []plog.Logs, stdout io.Writer) error {
	matter := fixture.MatterOf(set)
	var records []fixture.Record
	for _, logs := range requests {
		records = append(records, matter.Capture(logs, rule.Kind != rules.KindRecord)...)
	}
	if len(records) == 0 {
		return errors.New("no record in the input")
	}
	var old []byte
	if o.output != "" {
		var err error
		if old, err = os.ReadFile(o.output); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	text, err := fixture.Merge(old, rule.ID, o.as, records)
	if err != nil {
		return fmt.Errorf("%s: %w", o.output, err)
	}
	if o.output == "" {
		_, err = stdout.Write(text)
		return err
	}
	return os.WriteFile(o.output, text, 0o644)
}
