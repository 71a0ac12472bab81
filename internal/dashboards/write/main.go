// Command write writes Vigil's Grafana dashboards as JSON files (go
// generate in internal/dashboards).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vigil-sensor/vigil/internal/dashboards"
)

func main() {
	out := flag.String("out", "examples/grafana", "the directory to write the dashboards to")
	flag.Parse()
	files, err := dashboards.Files()
	if err == nil {
		for name, content := range files {
			if err = os.WriteFile(filepath.Join(*out, name), content, 0o644); err != nil {
				break
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "write:", err)
		os.Exit(1)
	}
}
