package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Series is one result of a LogsQL stats query: the by(...) fields of the
// stats pipe and the values, one per step (one for an instant query).
type Series struct {
	Labels map[string]string
	Values []float64
}

// Stats runs a LogsQL query ending in a stats pipe over [start, end], as
// Grafana's VictoriaLogs datasource does for a "stats" query:
// /select/logsql/stats_query.
func (v *VictoriaLogs) Stats(ctx context.Context, logsql string, start, end time.Time) ([]Series, error) {
	return v.stats(ctx, "/select/logsql/stats_query", url.Values{
		"query": {logsql}, "start": {unix(start)}, "end": {unix(end)}, "time": {unix(end)},
	})
}

// StatsRange runs it per step over [start, end], as the datasource does for
// a "statsRange" query: /select/logsql/stats_query_range.
func (v *VictoriaLogs) StatsRange(ctx context.Context, logsql string, start, end time.Time, step time.Duration) ([]Series, error) {
	return v.stats(ctx, "/select/logsql/stats_query_range", url.Values{
		"query": {logsql}, "start": {unix(start)}, "end": {unix(end)}, "step": {step.String()},
	})
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// stats reads the Prometheus-style answer of the stats endpoints.
func (v *VictoriaLogs) stats(ctx context.Context, path string, form url.Values) ([]Series, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, v.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %q: %s: %s", path, form.Get("query"), resp.Status, body)
	}
	var answer struct {
		Data struct {
			Result []struct {
				Metric map[string]string `json:"metric"`
				Value  []any             `json:"value"`  // instant: [time, "value"]
				Values [][]any           `json:"values"` // range: [[time, "value"], …]
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", path, err, body)
	}
	var out []Series
	for _, r := range answer.Data.Result {
		s := Series{Labels: r.Metric}
		points := r.Values
		if r.Value != nil {
			points = [][]any{r.Value}
		}
		for _, p := range points {
			if len(p) != 2 {
				return nil, fmt.Errorf("%s: a point of %d elements: %s", path, len(p), body)
			}
			text, _ := p[1].(string)
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %v: %w", path, p[1], err)
			}
			s.Values = append(s.Values, f)
		}
		out = append(out, s)
	}
	return out, nil
}
