// Package ship tests what Vigil ships: the release binaries (`make dist`),
// the container image (`make image`), the host packages (`make package`),
// and the least-privilege setup the manifests and the systemd unit document.
package ship
