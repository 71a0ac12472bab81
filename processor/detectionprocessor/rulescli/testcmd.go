package rulescli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/defaultrules"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fixture"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// test runs the fixtures: the pack's own (built in) for its rules, the
// fixtures directory's for the given files' rules.
func test(o *options, stdout, stderr io.Writer) int {
	set, err := compile(o)
	if err != nil {
		report(stderr, err)
		return 1
	}
	pack := map[string]bool{}
	if !o.noDefault {
		files, err := defaultrules.Files()
		if err != nil {
			report(stderr, err)
			return 1
		}
		for _, f := range files {
			for _, r := range f.Rules {
				pack[r.ID] = true
			}
		}
	}
	var packRules, userRules []*rules.Compiled
	for _, r := range set.Rules {
		if pack[r.ID] {
			packRules = append(packRules, r)
		} else {
			userRules = append(userRules, r)
		}
	}
	var results []fixture.Result
	var errs []error
	if len(packRules) > 0 {
		res, err := fixture.RunRules(set, packRules, defaultrules.Fixtures())
		results, errs = append(results, res...), append(errs, err)
	}
	if len(o.paths) > 0 {
		dir := o.fixtures
		if dir == "" {
			dir = defaultFixtures(o.paths[0])
		}
		if _, err := os.Stat(dir); err != nil {
			errs = append(errs, fmt.Errorf("fixtures: %w (give -fixtures)", err))
		} else {
			res, err := fixture.RunRules(set, userRules, os.DirFS(dir))
			results, errs = append(results, res...), append(errs, err)
		}
	}
	failed := printResults(stdout, results)
	if err := errors.Join(errs...); err != nil {
		report(stderr, err)
		return 1
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// defaultFixtures is fixtures/ in a rule directory, or beside a rule file.
func defaultFixtures(path string) string {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return filepath.Join(path, "fixtures")
	}
	return filepath.Join(filepath.Dir(path), "fixtures")
}

// printResults prints one row per rule and the failures under the table;
// it returns how many rules failed.
func printResults(w io.Writer, results []fixture.Result) (failed int) {
	type row struct{ fire, nearMiss string }
	rows := map[string]*row{}
	var order []string
	var failures []string
	for _, r := range results {
		rw, ok := rows[r.Rule]
		if !ok {
			rw = &row{fire: "-", nearMiss: "-"}
			rows[r.Rule] = rw
			order = append(order, r.Rule)
		}
		verdict := fmt.Sprintf("pass (%d)", r.Records)
		if !r.Passed() {
			verdict = fmt.Sprintf("FAIL (%d)", r.Records)
			failures = append(failures, fmt.Sprintf("%s %s: %s", r.Rule, r.File, r.Failure))
		}
		if r.Fire {
			rw.fire = verdict
		} else {
			rw.nearMiss = verdict
		}
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tFIRE\tNEAR MISS")
	for _, id := range order {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", id, rows[id].fire, rows[id].nearMiss)
	}
	tw.Flush()
	for _, f := range failures {
		fmt.Fprintln(w, f)
	}
	seen := map[string]bool{}
	for _, r := range results {
		if !r.Passed() && !seen[r.Rule] {
			seen[r.Rule] = true
			failed++
		}
	}
	fmt.Fprintf(w, "%d rules: %d passed, %d failed\n", len(order), len(order)-failed, failed)
	return failed
}
