// Command vigil-rules lints, tests, explains and replays Vigil detection
// rules: the built-in pack and your own files, checked exactly as the
// detection processor will run them.
//
//	vigil-rules lint  [-no-default] [rules…]
//	vigil-rules test  [-no-default] [-fixtures dir] [rules…]
//	vigil-rules explain [-event process.exec]… [rules…]
//	vigil-rules replay -input logs.json [-json] [rules…]
//	vigil-rules --version
package main

import (
	"fmt"
	"os"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/rulescli"
)

// version is stamped by `make dist` (-ldflags -X main.version=…): the
// distribution's version and commit, as `otelcol-vigil --version` prints.
var version = "dev"

func main() {
	if len(os.Args) == 2 && (os.Args[1] == "--version" || os.Args[1] == "version") {
		fmt.Printf("vigil-rules version %s\n", version)
		return
	}
	os.Exit(rulescli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
