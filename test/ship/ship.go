// Package ship tests what Vigil ships: the release binaries (`make dist`),
// the container image (`make image`), the host packages (`make package`),
// the least-privilege setup the manifests and the systemd unit document,
// the Helm chart (deploy/helm/otelcol-vigil, rendered with the helm CLI
// `make tools` builds) and the values for the community chart
// (examples/helm).
package ship
