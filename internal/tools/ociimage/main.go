// Command ociimage writes otelcol-vigil's container image as an OCI archive
// (a tar of an OCI image layout), from scratch: one layer holding the CA
// certificates and the two static binaries of each architecture, nothing
// else — no shell, no package manager, no base image to pull. It needs no
// daemon: go-containerregistry assembles the image in memory.
//
//	ociimage -out _build/otelcol-vigil.oci.tar -ref ghcr.io/vigil-sensor/otelcol-vigil:0.1.0 \
//	    -version 0.1.0+abc -revision abc -cacerts /etc/ssl/certs/ca-certificates.crt \
//	    -platform amd64=_build/dist/linux_amd64 -platform arm64=_build/dist/linux_arm64
//
// `make image` runs it; the archive imports with `ctr images import`,
// `podman load`, `skopeo copy oci-archive:…`.
package main

import (
	"archive/tar"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// epoch is every file's modification time: the same inputs give the same
// image digest.
var epoch = time.Unix(0, 0).UTC()

type platforms map[string]string

func (p platforms) String() string { return fmt.Sprint(map[string]string(p)) }
func (p platforms) Set(v string) error {
	arch, dir, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("-platform %q: want arch=directory", v)
	}
	p[arch] = dir
	return nil
}

func main() {
	plats := platforms{}
	out := flag.String("out", "", "OCI archive to write")
	ref := flag.String("ref", "", "image name and tag recorded in the archive (org.opencontainers.image.ref.name)")
	version := flag.String("version", "", "image version label")
	revision := flag.String("revision", "", "source revision label")
	cacerts := flag.String("cacerts", "/etc/ssl/certs/ca-certificates.crt", "CA certificate bundle to ship")
	flag.Var(plats, "platform", "arch=directory holding otelcol-vigil and vigil-rules (repeatable)")
	flag.Parse()
	if *out == "" || len(plats) == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(*out, *ref, *version, *revision, *cacerts, plats); err != nil {
		fmt.Fprintln(os.Stderr, "ociimage:", err)
		os.Exit(1)
	}
}

func write(out, ref, version, revision, cacerts string, plats platforms) error {
	certs, err := os.ReadFile(cacerts)
	if err != nil {
		return err
	}
	archs := make([]string, 0, len(plats))
	for a := range plats {
		archs = append(archs, a)
	}
	sort.Strings(archs)

	var idx v1.ImageIndex = mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, arch := range archs {
		img, err := image(arch, plats[arch], certs, version, revision)
		if err != nil {
			return fmt.Errorf("%s: %w", arch, err)
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{
			Add:        img,
			Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: arch}},
		})
	}

	dir, err := os.MkdirTemp(filepath.Dir(out), ".ociimage-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	lp, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	var opts []layout.Option
	if ref != "" {
		opts = append(opts, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": ref}))
	}
	if err := lp.AppendIndex(idx, opts...); err != nil {
		return err
	}
	return tarDir(dir, out)
}

// image is one architecture's image: a single layer, the entrypoint and
// the labels.
func image(arch, dir string, certs []byte, version, revision string) (v1.Image, error) {
	files := []file{
		{name: "etc/ssl/certs/ca-certificates.crt", mode: 0o644, data: certs},
	}
	for _, bin := range []string{"otelcol-vigil", "vigil-rules"} {
		data, err := os.ReadFile(filepath.Join(dir, bin))
		if err != nil {
			return nil, err
		}
		files = append(files, file{name: bin, mode: 0o755, data: data})
	}
	layerTar, err := layerOf(files)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	base := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	base = mutate.ConfigMediaType(base, types.OCIConfigJSON)
	img, err := mutate.Append(base, mutate.Addendum{Layer: layer, History: v1.History{
		Created: v1.Time{Time: epoch}, CreatedBy: "ociimage: CA certificates, otelcol-vigil, vigil-rules",
	}})
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", arch
	cf.Created = v1.Time{Time: epoch}
	cf.Config.Entrypoint = []string{"/otelcol-vigil"}
	cf.Config.Cmd = []string{"--config=/etc/otelcol-vigil/config.yaml"}
	cf.Config.Env = []string{"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"}
	cf.Config.Labels = map[string]string{
		"org.opencontainers.image.title":       "otelcol-vigil",
		"org.opencontainers.image.description": "Vigil runtime threat sensor, an OpenTelemetry Collector distribution",
		"org.opencontainers.image.licenses":    "Apache-2.0 AND (GPL-2.0-only OR BSD-2-Clause)",
		"org.opencontainers.image.version":     version,
		"org.opencontainers.image.revision":    revision,
	}
	return mutate.ConfigFile(img, cf)
}

type file struct {
	name string
	mode int64
	data []byte
}

// layerOf is an uncompressed tar of files, with their parent directories,
// owned by root, dated epoch.
func layerOf(files []file) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dirs := map[string]bool{}
	for _, f := range files {
		var parents []string
		for d := filepath.Dir(f.name); d != "."; d = filepath.Dir(d) {
			parents = append([]string{d}, parents...)
		}
		for _, d := range parents {
			if dirs[d] {
				continue
			}
			dirs[d] = true
			if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: epoch, Format: tar.FormatPAX}); err != nil {
				return nil, err
			}
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: f.name, Mode: f.mode, Size: int64(len(f.data)), ModTime: epoch, Format: tar.FormatPAX}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tarDir writes the layout directory as an archive, entries in name order.
func tarDir(dir, out string) error {
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	tw := tar.NewWriter(f)
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: rel + "/", Mode: 0o755, ModTime: epoch})
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: rel, Mode: 0o644, Size: int64(len(data)), ModTime: epoch}); err != nil {
			return err
		}
		_, err = tw.Write(data)
		return err
	})
	if err != nil {
		f.Close()
		return err
	}
	if err := tw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
