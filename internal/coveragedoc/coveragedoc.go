// Package coveragedoc reads docs/coverage.md, the matrix of behaviours
// users compare runtime sensors on (Falco's rules, Tetragon's policy
// library, the ATT&CK techniques a runtime sensor can observe) and what
// Vigil does about each: the rules that flag it, their fixtures and the
// end-to-end test that performs it — or why it is not covered. Tests on
// both sides (the rule pack, the end-to-end suite) hold the matrix to
// what exists.
package coveragedoc

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Row is one behaviour of the matrix.
type Row struct {
	Section   string   // the ## heading it is under
	Item      string   // the catalog's name for it
	Behaviour string   // in Vigil's words
	Rules     []string // rule ids
	Fixtures  []string // fixture files, relative to the pack's fixtures directory
	E2E       []string // end-to-end behaviour names
	Covered   bool
	Reason    string // why not, when not covered
	Line      int
}

// header is the first cells of a matrix table.
var header = []string{"Item", "Behaviour", "Vigil rules", "Fixtures", "End to end", "Verdict"}

var (
	ruleID  = regexp.MustCompile(`\bVGL-[A-Z]+-\d{3}\b`)
	fixture = regexp.MustCompile(`fixtures/([a-z_]+\.yaml)`)
	quoted  = regexp.MustCompile("`([^`]+)`")
)

// ReadFile reads and parses docs/coverage.md at path.
func ReadFile(path string) ([]Row, error) {
	doc, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(doc)
}

// Parse reads every matrix table of the document.
func Parse(doc []byte) ([]Row, error) {
	var rows []Row
	var errs []string
	section, inTable := "", false
	sc := bufio.NewScanner(bytes.NewReader(doc))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "## "):
			section, inTable = strings.TrimPrefix(line, "## "), false
			continue
		case !strings.HasPrefix(line, "|"):
			inTable = false
			continue
		}
		cells := splitRow(line)
		if !inTable {
			inTable = len(cells) == len(header) && equal(cells, header)
			continue
		}
		if strings.Trim(line, "|-: ") == "" {
			continue // the alignment row
		}
		if len(cells) != len(header) {
			errs = append(errs, fmt.Sprintf("line %d: %d cells, a row has %d", n, len(cells), len(header)))
			continue
		}
		r := Row{Section: section, Item: cells[0], Behaviour: cells[1], Line: n,
			Rules: ruleID.FindAllString(cells[2], -1)}
		for _, m := range fixture.FindAllStringSubmatch(cells[3], -1) {
			r.Fixtures = append(r.Fixtures, m[1])
		}
		for _, m := range quoted.FindAllStringSubmatch(cells[4], -1) {
			r.E2E = append(r.E2E, m[1])
		}
		verdict := cells[5]
		switch {
		case verdict == "covered":
			r.Covered = true
		case strings.HasPrefix(verdict, "not covered: ") && len(verdict) > len("not covered: "):
			r.Reason = strings.TrimPrefix(verdict, "not covered: ")
		default:
			errs = append(errs, fmt.Sprintf("line %d: verdict %q: write covered, or not covered: <why>", n, verdict))
			continue
		}
		if r.Item == "" || r.Behaviour == "" {
			errs = append(errs, fmt.Sprintf("line %d: a row names its item and says the behaviour", n))
		}
		if r.Covered && (len(r.Rules) == 0 || len(r.Fixtures) == 0 || len(r.E2E) == 0) {
			errs = append(errs, fmt.Sprintf("line %d: a covered row names its rules, their fixtures and its end-to-end behaviour", n))
		}
		rows = append(rows, r)
	}
	if len(errs) > 0 {
		return rows, fmt.Errorf("docs/coverage.md: %s", strings.Join(errs, "; "))
	}
	return rows, sc.Err()
}

// Counts are how many rows there are, and how many are covered.
func Counts(rows []Row) (covered, listed int) {
	for _, r := range rows {
		if r.Covered {
			covered++
		}
	}
	return covered, len(rows)
}

func splitRow(line string) []string {
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	cells := strings.Split(line, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
