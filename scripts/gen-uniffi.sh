#!/usr/bin/env bash
# Builds libcomposio_uniffi and the pinned uniffi-bindgen (bindings/uniffi/bindgen, a workspace of its own; debug:
# its tree is heavy), then writes the Kotlin and Swift sources into bindings/uniffi/{kotlin,swift} and the
# Python smoke-test module into target/uniffi-python. With --check, fails when the committed Kotlin or
# Swift sources differ from what the current Rust code generates.
set -euo pipefail
cd "$(dirname "$0")/.."
check=${1:-}
cargo build -q -p composio-uniffi --lib
# In the shared target dir: what the two trees have in common (same versions, same features) is built once.
cargo build -q --manifest-path bindings/uniffi/bindgen/Cargo.toml --target-dir target
native=target/x86_64-unknown-linux-gnu/debug
bindgen=$native/uniffi-bindgen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for lang in kotlin swift python; do
  "$bindgen" generate "$native/libcomposio_uniffi.so" --language "$lang" --out-dir "$out/$lang" \
    --config bindings/uniffi/bindgen.toml --no-format >/dev/null
done
# The Kotlin loaders load the library through dev.composio.platform.NativeLibrary, whose error names the
# platform and what to do (uniffi's own hook, the libraryOverride property, stays first).
for kt_file in "$out/kotlin/dev/composio/composio_client.kt" "$out/kotlin/dev/composio/models/composio.kt"; do
  grep -q '^    return "composio_uniffi"$' "$kt_file" || { echo "gen-uniffi: loader line not found in $kt_file" >&2; exit 1; }
  sed 's/^    return "composio_uniffi"$/    return dev.composio.platform.NativeLibrary.checked("composio_uniffi")/' \
    "$kt_file" > "$kt_file.patched" && mv "$kt_file.patched" "$kt_file"
done

# generated file -> committed location
kt=bindings/uniffi/kotlin/src/main/kotlin/dev/composio
sw=bindings/uniffi/swift/Sources
pairs=(
  "kotlin/dev/composio/composio_client.kt:$kt/composio_client.kt"
  "kotlin/dev/composio/models/composio.kt:$kt/models/composio.kt"
  "swift/Composio.swift:$sw/Composio/Composio.swift"
  "swift/ComposioModels.swift:$sw/Composio/ComposioModels.swift"
  "swift/ComposioFFI.h:$sw/ComposioFFI/ComposioFFI.h"
  "swift/ComposioModelsFFI.h:$sw/ComposioFFI/ComposioModelsFFI.h"
)
drift=0
for pair in "${pairs[@]}"; do
  from="$out/${pair%%:*}" to="${pair#*:}"
  if [ "$check" = "--check" ]; then
    if ! cmp -s "$from" "$to"; then
      echo "generated file is out of date: $to (run scripts/gen-uniffi.sh)" >&2
      drift=1
    fi
  else
    mkdir -p "$(dirname "$to")"
    cp "$from" "$to"
  fi
done
# uniffi's Python modules import each other relatively: give them a package.
py=target/uniffi-python/uniffi_composio
rm -rf target/uniffi-python && mkdir -p "$py" && touch "$py/__init__.py"
cp "$out"/python/*.py "$native/libcomposio_uniffi.so" "$py/"
exit $drift
