# Vigil: build, test and run the otelcol-vigil distribution.
# `make test` is what CI runs (.ci/run); it installs what it needs.

# `sudo make run` resets PATH to sudo's secure_path, which lacks Go.
GO        ?= $(or $(shell command -v go 2>/dev/null),/usr/local/go/bin/go)
TOOLS     := $(CURDIR)/_build/tools
DIST      := _build/otelcol-vigil
CONFIG    ?= examples/host.yaml
FUZZTIME  ?= 10s
export PATH := $(TOOLS):$(patsubst %/,%,$(dir $(GO))):$(PATH)
# Go 1.26.8, the machine's own, has standard-library vulnerabilities that
# govulncheck finds reachable (net/http, crypto/x509, crypto/tls): build,
# test and ship with the patched toolchain, which the go command fetches
# from the module proxy on first use.
export GOTOOLCHAIN := go1.27.3

# Files `make generate` writes; `make check-generated` fails when they differ
# from what is committed.
GENERATED = ':(glob)**/*_bpfel.go' ':(glob)**/*_bpfel.o' ':(glob)**/generated_*.go' \
            ':(glob)**/documentation.md' ':(glob)**/internal/metadata*/**' \
            ':(glob)receiver/*/README.md' ':(glob)processor/*/README.md' ':(glob)exporter/*/README.md' \
            ':(glob)examples/grafana/*.json'

# Go fuzz targets run briefly by `make test` (package:Target).
FUZZ_TARGETS = \
	./receiver/ebpfreceiver/internal/kernel:FuzzDecodeExec \
	./receiver/ebpfreceiver/internal/kernel:FuzzDecodeFixed \
	./receiver/ebpfreceiver/internal/kernel:FuzzDecodeSyscall \
	./receiver/ebpfreceiver/internal/kernel:FuzzDecodeNet \
	./receiver/ebpfreceiver/internal/records:FuzzDNSQuestion \
	./receiver/ebpfreceiver/internal/proctable:FuzzParseStat \
	./receiver/ebpfreceiver/internal/redact:FuzzArgs \
	./receiver/ebpfreceiver/internal/containerid:FuzzParse \
	./internal/escape:FuzzEscapeRoundTrip \
	./processor/detectionprocessor/internal/fastpath:FuzzFastPathAgreesWithOTTL

MICRO_BENCH_PKGS = ./internal/... ./receiver/ebpfreceiver/internal/containerid ./receiver/ebpfreceiver/internal/records ./receiver/ebpfreceiver/internal/sensor \
	./receiver/ebpfreceiver/internal/redact ./receiver/ebpfreceiver/internal/proctable \
	./receiver/ebpfreceiver/internal/kernel ./processor/workloadprocessor \
	./processor/detectionprocessor/internal/engine ./processor/detectionprocessor/internal/defaultrules

.PHONY: all tools deps generate check-generated build dist image package run demo lint unit integration unit-dist-ottl fuzz e2e test bench clean

all: build

# internal/tools/helm is a module of its own: the helm CLI the chart tests
# run (test/ship/helm_test.go), without helm's dependency tree in the other
# tools' go.mod.
tools:
	cd internal/tools && $(GO) build -o $(TOOLS)/ tool ./ociimage
	cd internal/tools/helm && $(GO) build -o $(TOOLS)/ tool

deps:
	test/setup/deps.sh test

generate: tools
	test/setup/deps.sh build
	$(GO) generate ./...

check-generated: generate
	@if ! git diff --quiet -- $(GENERATED) || [ -n "$$(git ls-files --others --exclude-standard -- $(GENERATED))" ]; then \
		echo "generated files differ from what is committed; run 'make generate' and commit:"; \
		git status --short -- $(GENERATED); exit 1; fi

# CGO_ENABLED=0 as `make dist`: one build cache for both (nothing in the
# distribution needs cgo).
build: tools
	CGO_ENABLED=0 builder --config builder-config.yaml
	$(GO) build -o $(dir $(DIST))vigil-rules ./cmd/vigil-rules

# Release build: both commands static (CGO_ENABLED=0), -trimpath, for amd64
# and arm64, in _build/dist/linux_<arch>/, stamped with the distribution's
# version and the commit (`otelcol-vigil --version`: 0.1.0+<commit>, semver
# build metadata, since ocb writes the version into the generated main.go).
# ocb only generates the sources here, from a copy of builder-config.yaml
# with the stamped version; `go build` compiles them per architecture with
# the flags ocb uses, so the amd64 build reuses `make build`'s cache.
VERSION      := $(shell sed -n 's/^  version: *//p' builder-config.yaml)
COMMIT       := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
DIST_VERSION := $(VERSION)+$(COMMIT)
DIST_ARCHS   := amd64 arm64
dist: tools
	mkdir -p _build/dist
	sed 's/^  version: .*/  version: $(DIST_VERSION)/' builder-config.yaml > _build/dist/builder-config.yaml
	builder --config _build/dist/builder-config.yaml --skip-compilation
	set -e; for arch in $(DIST_ARCHS); do \
		echo "dist: linux/$$arch"; \
		(cd _build && CGO_ENABLED=0 GOOS=linux GOARCH=$$arch $(GO) build -trimpath -ldflags='-s -w' \
			-o dist/linux_$$arch/otelcol-vigil .); \
		CGO_ENABLED=0 GOOS=linux GOARCH=$$arch $(GO) build -trimpath \
			-ldflags='-s -w -X main.version=$(DIST_VERSION)' -o _build/dist/linux_$$arch/vigil-rules ./cmd/vigil-rules; \
	done
	echo $(DIST_VERSION) > _build/dist/VERSION

# The container image, from scratch: Debian's CA bundle and the two static
# binaries of each architecture, entrypoint /otelcol-vigil, as an OCI archive
# (a multi-platform index) built without a daemon or a base image by
# internal/tools/ociimage (go-containerregistry). Load it with
# `ctr -n k8s.io images import`, `podman load -i` or `skopeo copy oci-archive:`.
IMAGE_REF ?= ghcr.io/vigil-sensor/otelcol-vigil:$(VERSION)
IMAGE     := _build/otelcol-vigil-image.oci.tar
image: dist
	ociimage -out $(IMAGE) -ref $(IMAGE_REF) -version $(DIST_VERSION) -revision $(COMMIT) \
		-cacerts /etc/ssl/certs/ca-certificates.crt $(foreach a,$(DIST_ARCHS),-platform $(a)=_build/dist/linux_$(a))

# Host packages: .deb and .rpm of each architecture in _build/ (nfpm, from
# deploy/package/nfpm.yaml): the binaries, the systemd unit
# (deploy/systemd), /etc/otelcol-vigil/config.yaml as a conffile, a
# postinst creating the otelcol-vigil account.
package: dist
	set -e; for arch in $(DIST_ARCHS); do \
		sed "s/\$${ARCH}/$$arch/g" deploy/package/nfpm.yaml > _build/dist/nfpm-$$arch.yaml; \
		for fmt in deb rpm; do \
			VERSION=$(DIST_VERSION) nfpm package --config _build/dist/nfpm-$$arch.yaml --packager $$fmt --target _build/; \
		done; \
	done

run: build
	$(DIST) --config $(CONFIG)

# As root: VictoriaLogs on loopback, otelcol-vigil exporting to it, a few
# harmless attack-like actions, and the address of VictoriaLogs' web UI
# listing the findings. Until Ctrl-C, or DEMO_SECONDS; DEMO_PORT (9428).
demo: build
	test/setup/victorialogs.sh
	examples/demo/demo.sh

SHELL := /bin/bash

# Besides gofmt and vet: staticcheck, govulncheck against a copy of the Go
# vulnerability database built from its module (the machine reaches the
# module proxy, not vuln.go.dev), and the rule pack's own checks.
VULNDB_VERSION = v0.0.0-20261105234957-e22db6528018
lint: tools
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	staticcheck ./...
	test/setup/vulndb.sh $(VULNDB_VERSION)
	govulncheck -db file://$(CURDIR)/_build/vulndb ./...
	$(GO) run ./cmd/vigil-rules lint
	$(GO) run ./cmd/vigil-rules test

# Unit tests: no root, no service, no build of the distribution. Tests that
# need them call internal/testenv, which -short skips.
unit:
	$(GO) test -short -count=1 ./...

# Integration tests: real BPF programs and runc containers (root), the
# workload processor against a real kube-apiserver and etcd, the alert
# exporter against a real Alertmanager, and the end-to-end tests of the
# ocb-built distribution into a real VictoriaLogs and Alertmanager.
# They are the tests of the packages that use internal/testenv or
# test/harness. Their verbose output lands in _build/test/, where .ci/run
# counts skips: in this suite a skipped test is a failure. TestStorms and
# TestScaleAgainstARealAPIServer are `make bench`'s.
INTEGRATION_PKGS = $(shell $(GO) list -f '{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... \
	| awk '$$1 !~ /internal\/testenv$$/ && /vigil\/internal\/testenv|vigil\/test\/harness/ {print $$1}')
BENCH_ONLY = ^(TestStorms|TestScaleAgainstARealAPIServer)$$
INTEGRATION_ENV = VIGIL_E2E=1 VIGIL_KUBE=1 VIGIL_DIST=$(CURDIR)/$(DIST) VIGIL_VICTORIALOGS=$(TOOLS)/victoria-logs \
	VIGIL_LEZER_LOGQL=$(TOOLS)/lezer-logql VIGIL_RELEASE=$(CURDIR)/_build VIGIL_RELEASE_ARCHS="$(DIST_ARCHS)"
# test/ship checks the release artifacts: dist, image and package first, of
# the machine's architecture only: a cross-compiled collector is a second
# whole build, which CI's time has no room for (`make dist` builds both).
integration: DIST_ARCHS := $(shell $(GO) env GOARCH)
integration: build dist image package
	test/setup/deps.sh test
	test/setup/victorialogs.sh
	test/setup/kube.sh
	test/setup/logql.sh
	mkdir -p _build/test
	set -o pipefail; $(INTEGRATION_ENV) $(GO) test -count=1 -v -timeout 20m -skip '$(BENCH_ONLY)' \
		$(filter-out %/test/e2e %/test/bench %/test/harness,$(INTEGRATION_PKGS)) | tee _build/test/integration.log
	set -o pipefail; $(INTEGRATION_ENV) $(GO) test -count=1 -v -timeout 20m -skip '$(BENCH_ONLY)' \
		$(filter %/test/e2e %/test/bench %/test/harness,$(INTEGRATION_PKGS)) | tee _build/test/e2e.log

# The distribution builds the detection processor and the alert exporter's
# condition on the OTTL version the transform processor needs
# (builder-config.yaml's replaces): their unit tests run on that version
# too, with a copy of go.mod that says so.
DIST_OTTL = $(shell sed -n 's|.*pkg/ottl => .*pkg/ottl \(v[0-9.]*\).*|\1|p' builder-config.yaml)
unit-dist-ottl:
	mkdir -p _build
	cp go.mod _build/dist-ottl.mod
	cp go.sum _build/dist-ottl.sum
	$(GO) mod edit -modfile=_build/dist-ottl.mod \
		-replace github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl=github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl@$(DIST_OTTL)
	$(GO) mod tidy -modfile=_build/dist-ottl.mod
	$(GO) test -short -count=1 -modfile=_build/dist-ottl.mod ./processor/detectionprocessor/... ./exporter/alertexporter/...

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$fn ($$pkg) for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
	done

# Only the end-to-end tests, for a quicker turn on them.
e2e: build
	test/setup/victorialogs.sh
	test/setup/kube.sh
	$(INTEGRATION_ENV) $(GO) test -count=1 -v -timeout 20m ./test/e2e/...

test: deps check-generated lint unit unit-dist-ottl fuzz integration

# Micro-benchmarks, then the ring read from the real kernel (a fixed count:
# its records come from real processes), then the exec storm against no
# sensor and bpftrace, then the workload caches against a real API server
# holding 5,000 pods. Results land in _build/bench/; docs/benchmarks.md
# quotes them.
bench: build
	test/setup/deps.sh bench
	mkdir -p _build/bench
	$(GO) test -run='^$$' -bench=. -benchmem -count=5 $(MICRO_BENCH_PKGS) | tee _build/bench/micro.txt
	VIGIL_RING_BENCH=1 $(GO) test -run='^$$' -bench=RingReadDecode -benchmem -benchtime=20000x -count=5 ./receiver/ebpfreceiver/internal/kernel | tee _build/bench/ring.txt
	VIGIL_BENCH=1 VIGIL_DIST=$(CURDIR)/$(DIST) $(GO) test -count=1 -v -timeout 20m -run 'TestStorms' ./test/bench/...
	test/setup/kube.sh
	VIGIL_BENCH=1 VIGIL_KUBE=1 $(GO) test -count=1 -v -timeout 20m -run 'TestScaleAgainstARealAPIServer' \
		./processor/workloadprocessor/internal/kube

clean:
	rm -rf _build
