# claimsmap: the two commands a new user needs are `make maps` and `make test`.
# Each does its own set-up; nothing needs installing by hand.

CARGO ?= cargo
BIN := target/release/claimsmap
DATA ?= geodata
OUT ?= output
# A second, small dataset: the same binary on another dispute.
EXAMPLE := datasets/georgia

# Natural Earth 10m comes from two Debian packages, pinned so `make geodata`
# reproduces the committed files byte for byte.
NE_PACKAGES := libgnudatalanguage0=1.0.1-4+b5 libmagics++-data=4.13.0-1
NE_DIR := target/naturalearth

.PHONY: all build maps test geodata geodata-check bench clean

all: maps

build:
	$(CARGO) build --release --locked

$(BIN): build

## maps: every scenario as SVG and PNG, the comparison figures, stats.csv, stats.json and index.html
maps: build
	$(BIN) validate --data $(DATA)
	$(BIN) render --data $(DATA) --all --compare --out $(OUT)
	$(BIN) validate --data $(EXAMPLE)
	$(BIN) render --data $(EXAMPLE) --all --compare --out $(OUT)/georgia

## test: formatting, lints, every test, docs, and the geodata reproduction check
test:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --locked --no-deps
	$(MAKE) geodata-check

## geodata: rebuild geodata/ and the example dataset from Natural Earth (downloads the Debian packages into target/)
geodata: $(NE_DIR)/.unpacked build
	for d in $(DATA) $(EXAMPLE); do $(BIN) import --recipe $$d/recipe.toml --source $(NE_DIR) --out $$d || exit 1; done

## geodata-check: rebuild into a scratch folder and require byte-identical files
geodata-check: $(NE_DIR)/.unpacked build
	for d in $(DATA) $(EXAMPLE); do \
	  rm -rf target/geodata-check && mkdir -p target/geodata-check && \
	  $(BIN) import --recipe $$d/recipe.toml --source $(NE_DIR) --out target/geodata-check || exit 1; \
	  for f in units.geojson context.geojson places.csv water.geojson; do \
	    cmp $$d/$$f target/geodata-check/$$f || { echo "$$d/$$f differs from a fresh import: run make geodata"; exit 1; }; \
	  done; \
	done
	@echo "geodata: committed files match a fresh import byte for byte"

$(NE_DIR)/.unpacked:
	mkdir -p $(NE_DIR)/debs
	cd $(NE_DIR)/debs && { apt-get download $(NE_PACKAGES) 2>/dev/null || { apt-get update -qq && apt-get download $(NE_PACKAGES); }; }
	for f in $(NE_DIR)/debs/*.deb; do dpkg -x "$$f" $(NE_DIR); done
	touch $@

## bench: criterion benchmarks
bench:
	$(CARGO) bench --locked

clean:
	$(CARGO) clean
