#!/bin/sh
# Runs `make maps`'s commands with two claimsmap binaries and compares the
# output trees: every file but PNGs byte for byte, PNGs pixel for pixel
# (their bytes may differ when only the encoder changed).
# Usage: tools/compare-maps.sh OLD_BINARY NEW_BINARY [SCRATCH_DIR]
set -eu
old=$1 new=$2 scratch=${3:-target/compare-maps}
proposals=alaska-terms,plan-28-points,plan-20-points-dmz
rm -rf "$scratch" && mkdir -p "$scratch"
for side in old new; do
  bin=$(eval echo "\$$side") out=$scratch/$side
  "$bin" validate --data geodata > "$out.validate.txt"
  "$bin" render --data geodata --all --compare --compare-with $proposals --small-multiples --animate --out "$out" --force > /dev/null
  "$bin" render --data geodata --scenario alaska-terms --population --out "$out/population" --force > /dev/null
  "$bin" validate --data datasets/georgia >> "$out.validate.txt"
  "$bin" render --data datasets/georgia --all --compare --out "$out/georgia" --force > /dev/null
done
cmp "$scratch/old.validate.txt" "$scratch/new.validate.txt"
(cd "$scratch/old" && find . -type f | sort) > "$scratch/old.files"
(cd "$scratch/new" && find . -type f | sort) > "$scratch/new.files"
cmp "$scratch/old.files" "$scratch/new.files"
status=0
pairs=""
while read -r f; do
  case $f in
    *.png) pairs="$pairs $scratch/old/$f $scratch/new/$f" ;;
    */.claimsmap-manifest) ;;
    *) cmp -s "$scratch/old/$f" "$scratch/new/$f" || { echo "bytes differ: $f"; status=1; } ;;
  esac
done < "$scratch/old.files"
# shellcheck disable=SC2086
cargo run --quiet --release --example same_pixels -- $pairs || status=1
[ $status = 0 ] && echo "compare-maps: every file identical, PNGs pixel for pixel ($(grep -c png "$scratch/old.files") PNGs)"
exit $status
