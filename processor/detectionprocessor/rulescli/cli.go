// Package rulescli is the vigil-rules command: it lints detection rule
// files, runs their fixtures, explains which rules an event is tested by and
// replays recorded logs through them — with the same loader, compiler and
// engine as the detection processor, so what passes here runs there.
package rulescli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"go.opentelemetry.io/collector/component/componenttest"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rulesource"
)

const usage = `usage: vigil-rules <command> [flags] [rule files or directories…]

Commands:
  lint      parse and compile every rule; report each problem as file:line: rule: field
  test      run every rule's fixtures (fixtures/*.yaml, or <RULE-ID>/fire.json and near_miss.json) and print a table
  explain   list the rules that test each given event name (-event), or every event's rules
  replay    run the rules over OTLP-JSON logs (-input) and print the findings
  capture   write OTLP-JSON logs (-input) as a rule's (-rule) compact fire or near_miss fixtures (-as), into -o

Rules are the built-in pack (unless -no-default) and the files and
directories given. Flags of every command:
  -no-default         leave the built-in pack out
  -list name=a,b,c    replace a list's items, as detection::lists does (repeatable)
Run 'vigil-rules <command> -h' for a command's own flags.
`

// Main runs the command line args (without the program name) and returns
// the exit status: 0 success, 1 a finding of the command (lint errors,
// failed fixtures), 2 a usage error.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "vigil-rules: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	fs := flag.NewFlagSet("vigil-rules "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{lists: map[string][]string{}}
	fs.BoolVar(&o.noDefault, "no-default", false, "leave the built-in rule pack out")
	fs.Var(listFlag(o.lists), "list", "replace a list's items: name=a,b,c (repeatable)")
	cmd.flags(fs, o)
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	o.paths = fs.Args()
	if o.noDefault && len(o.paths) == 0 {
		fmt.Fprintln(stderr, "vigil-rules: -no-default leaves no rules: name rule files or directories")
		return 2
	}
	return cmd.run(o, stdout, stderr)
}

type options struct {
	noDefault bool
	lists     map[string][]string
	paths     []string
	// Command flags.
	fixtures string
	events   stringsFlag
	input    string
	json     bool
	rule     string
	as       string
	output   string
}

type command struct {
	flags func(*flag.FlagSet, *options)
	run   func(*options, io.Writer, io.Writer) int
}

var commands = map[string]command{
	"lint": {flags: func(*flag.FlagSet, *options) {}, run: lint},
	"test": {flags: func(fs *flag.FlagSet, o *options) {
		fs.StringVar(&o.fixtures, "fixtures", "", "directory of the given rules' fixtures (default: fixtures/ beside the first rule path)")
	}, run: test},
	"explain": {flags: func(fs *flag.FlagSet, o *options) {
		fs.Var(&o.events, "event", "an event name, such as process.exec (repeatable); default: every event any rule tests")
	}, run: explain},
	"replay": {flags: func(fs *flag.FlagSet, o *options) {
		fs.StringVar(&o.input, "input", "", "OTLP-JSON logs: one request per line (the file exporter's format) or one document; - for stdin")
		fs.BoolVar(&o.json, "json", false, "print the findings as OTLP JSON (one request per line) instead of a table")
	}, run: replay},
	"capture": {flags: func(fs *flag.FlagSet, o *options) {
		fs.StringVar(&o.input, "input", "", "OTLP-JSON logs, as for replay; - for stdin")
		fs.StringVar(&o.rule, "rule", "", "the rule the records are fixtures of")
		fs.StringVar(&o.as, "as", "", "fire (the records fire the rule) or near_miss (they must not)")
		fs.StringVar(&o.output, "o", "", "the compact fixture file to write the list into (kept otherwise); default: print")
	}, run: capture},
}

// compile loads and compiles the rules as the processor would.
func compile(o *options) (*rules.Set, error) {
	files, err := rulesource.Load(rulesource.Config{Pack: !o.noDefault, Paths: o.paths, Lists: o.lists})
	if err != nil {
		return nil, err
	}
	return rules.Compile(files, componenttest.NewNopTelemetrySettings())
}

func lint(o *options, stdout, stderr io.Writer) int {
	set, err := compile(o)
	if err != nil {
		report(stderr, err)
		return 1
	}
	events := map[string]bool{}
	for _, r := range set.Rules {
		for _, e := range r.Events {
			events[e] = true
		}
	}
	fmt.Fprintf(stdout, "ok: %d rules enabled, testing %d event names\n", len(set.Rules), len(events))
	return 0
}

// report prints each joined error on its own line.
func report(w io.Writer, err error) {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			report(w, e)
		}
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(w, line)
	}
}

type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

type listFlag map[string][]string

func (l listFlag) String() string { return "" }
func (l listFlag) Set(v string) error {
	name, items, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("%q: write name=item,item", v)
	}
	l[name] = nil
	if items != "" {
		l[name] = strings.Split(items, ",")
	}
	return nil
}

// readInput reads a file, or stdin for "-".
func readInput(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}
