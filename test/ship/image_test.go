package ship

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ociDescriptor, ociIndex, ociManifest and ociConfig are the parts of the
// OCI image spec the test reads, decoded here with the standard library so
// that the archive is checked independently of the tool that wrote it.
type ociDescriptor struct {
	MediaType   string            `json:"mediaType"`
	Digest      string            `json:"digest"`
	Size        int64             `json:"size"`
	Annotations map[string]string `json:"annotations"`
	Platform    *struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
	} `json:"platform"`
}

type ociIndex struct {
	SchemaVersion int             `json:"schemaVersion"`
	MediaType     string          `json:"mediaType"`
	Manifests     []ociDescriptor `json:"manifests"`
}

type ociManifest struct {
	MediaType string          `json:"mediaType"`
	Config    ociDescriptor   `json:"config"`
	Layers    []ociDescriptor `json:"layers"`
}

type ociConfig struct {
	OS           string `json:"os"`
	Architecture string `json:"architecture"`
	Config       struct {
		Entrypoint []string          `json:"Entrypoint"`
		Cmd        []string          `json:"Cmd"`
		Env        []string          `json:"Env"`
		Labels     map[string]string `json:"Labels"`
	} `json:"config"`
	RootFS struct {
		Type    string   `json:"type"`
		DiffIDs []string `json:"diff_ids"`
	} `json:"rootfs"`
}

// TestImageIsScratchWithTheBinaries reads `make image`'s OCI archive back:
// a named index of an image per architecture built, each one layer holding the
// CA bundle and that architecture's two binaries and nothing else (no shell,
// no libc), entrypoint /otelcol-vigil, every blob matching its digest.
func TestImageIsScratchWithTheBinaries(t *testing.T) {
	dir := releaseDir(t)
	files := readArchive(t, filepath.Join(dir, "otelcol-vigil-image.oci.tar"))
	blob := func(d ociDescriptor) []byte {
		t.Helper()
		hexDigest, ok := strings.CutPrefix(d.Digest, "sha256:")
		require.True(t, ok, "digest %s", d.Digest)
		b, ok := files["blobs/sha256/"+hexDigest]
		require.True(t, ok, "blob %s is in the archive", d.Digest)
		assert.Equal(t, d.Size, int64(len(b)), "size of %s", d.Digest)
		assert.Equal(t, hexDigest, sha256Hex(b), "content of %s", d.Digest)
		return b
	}

	assert.JSONEq(t, `{"imageLayoutVersion":"1.0.0"}`, string(files["oci-layout"]))
	var top ociIndex
	require.NoError(t, json.Unmarshal(files["index.json"], &top))
	require.Len(t, top.Manifests, 1)
	assert.Equal(t, "application/vnd.oci.image.index.v1+json", top.Manifests[0].MediaType)
	version := strings.TrimSpace(string(must(os.ReadFile(filepath.Join(dir, "dist", "VERSION")))))
	ref := top.Manifests[0].Annotations["org.opencontainers.image.ref.name"]
	assert.Regexp(t, `^ghcr\.io/vigil-sensor/otelcol-vigil:[0-9.]+$`, ref)

	var idx ociIndex
	require.NoError(t, json.Unmarshal(blob(top.Manifests[0]), &idx))
	archs := map[string]bool{}
	for _, m := range idx.Manifests {
		require.NotNil(t, m.Platform)
		arch := m.Platform.Architecture
		archs[arch] = true
		t.Run(arch, func(t *testing.T) {
			assert.Equal(t, "linux", m.Platform.OS)
			assert.Equal(t, "application/vnd.oci.image.manifest.v1+json", m.MediaType)
			var man ociManifest
			require.NoError(t, json.Unmarshal(blob(m), &man))
			assert.Equal(t, "application/vnd.oci.image.config.v1+json", man.Config.MediaType)
			var cfg ociConfig
			require.NoError(t, json.Unmarshal(blob(man.Config), &cfg))
			assert.Equal(t, "linux", cfg.OS)
			assert.Equal(t, arch, cfg.Architecture)
			assert.Equal(t, []string{"/otelcol-vigil"}, cfg.Config.Entrypoint)
			assert.Equal(t, version, cfg.Config.Labels["org.opencontainers.image.version"])

			require.Len(t, man.Layers, 1, "one layer")
			assert.Equal(t, "application/vnd.oci.image.layer.v1.tar+gzip", man.Layers[0].MediaType)
			layer := blob(man.Layers[0])
			zr, err := gzip.NewReader(bytes.NewReader(layer))
			require.NoError(t, err)
			raw, err := io.ReadAll(zr)
			require.NoError(t, err)
			assert.Equal(t, []string{"sha256:" + sha256Hex(raw)}, cfg.RootFS.DiffIDs)

			content := readTar(t, bytes.NewReader(raw))
			var names []string
			for name := range content {
				names = append(names, name)
			}
			sort.Strings(names)
			assert.Equal(t, []string{"etc/", "etc/ssl/", "etc/ssl/certs/", "etc/ssl/certs/ca-certificates.crt", "otelcol-vigil", "vigil-rules"}, names,
				"the CA bundle and the two binaries, nothing else (no shell)")
			assert.Equal(t, must(os.ReadFile("/etc/ssl/certs/ca-certificates.crt")), content["etc/ssl/certs/ca-certificates.crt"].data)
			for _, bin := range []string{"otelcol-vigil", "vigil-rules"} {
				assert.Equal(t, int64(0o755), content[bin].mode, bin)
				assert.True(t, bytes.Equal(must(os.ReadFile(distBinary(dir, arch, bin))), content[bin].data),
					"%s is `make dist`'s linux/%s build", bin, arch)
			}
		})
	}
	built := map[string]bool{}
	for _, arch := range releaseArchs(t) {
		built[arch] = true
	}
	assert.Equal(t, built, archs, "an image of every architecture built")

	// The image's entrypoint runs: the amd64 binary taken out of the layer
	// prints its version.
	if archs["amd64"] {
		bin := filepath.Join(t.TempDir(), "otelcol-vigil")
		require.NoError(t, os.WriteFile(bin, must(os.ReadFile(distBinary(dir, "amd64", "otelcol-vigil"))), 0o755))
		out, err := exec.Command(bin, "--version").CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Equal(t, "otelcol-vigil version "+version+"\n", string(out))
	}
}

type tarEntry struct {
	mode int64
	data []byte
}

func readTar(t *testing.T, r io.Reader) map[string]tarEntry {
	t.Helper()
	out := map[string]tarEntry{}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		data, err := io.ReadAll(tr)
		require.NoError(t, err)
		assert.Contains(t, []byte{tar.TypeReg, tar.TypeDir}, h.Typeflag, "%s: only files and directories (no links, no devices)", h.Name)
		assert.Equal(t, 0, h.Uid, "%s owned by root", h.Name)
		out[h.Name] = tarEntry{mode: h.Mode, data: data}
	}
}

// readArchive is the regular files of a tar archive by name.
func readArchive(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	files := map[string][]byte{}
	for name, e := range readTar(t, f) {
		if !strings.HasSuffix(name, "/") {
			files[name] = e.data
		}
	}
	return files
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
