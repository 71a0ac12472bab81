// Command vigil-rules lints, tests, explains and replays Vigil detection
// rules: the built-in pack and your own files, checked exactly as the
// detection processor will run them.
//
//	vigil-rules lint  [-no-default] [rules…]
//	vigil-rules test  [-no-default] [-fixtures dir] [rules…]
//	vigil-rules explain [-event process.exec]… [rules…]
//	vigil-rules replay -input logs.json [-json] [rules…]
package main

import (
	"os"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/rulescli"
)

func main() {
	os.Exit(rulescli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
