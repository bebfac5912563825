#!/usr/bin/env bash
# The JVM artifacts, installed in the local Maven repository and copied into dist/jvm/:
#   dev.composio:composio-rs-kotlin    the Kotlin binding with libcomposio_uniffi inside ($DIST_PROFILE of
#                                      scripts/dist/profile.sh, release by default)
#                                      (resource linux-x86-64/libcomposio_uniffi.so: JNA loads it from the
#                                      classpath, no jna.library.path), plus its -sources jar and pom
#   dev.composio:composio-rs-emulator  the composio-emulator binary only (resource
#                                      dev/composio/testing/linux-x86-64/composio-emulator), a test
#                                      dependency for dev.composio.testing.Emulator
# Their version is the workspace's (scripts/version.sh); the poms must already say it.
# scripts/dist/test-jvm.sh proves them on a machine without cargo.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/dist/profile.sh
root=$PWD
start=$SECONDS

if ! command -v mvn >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
fi

kotlin=bindings/uniffi/kotlin
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
[ -n "$version" ] || version=$(sed -n 's/^version = "\(.*\)"/\1/p' core/Cargo.toml | head -1)
pom_field() { sed -n "0,/<$2>/s/^  <$2>\(.*\)<\/$2>/\1/p" "$1"; }
for pom in $kotlin/pom.xml $kotlin/emulator/pom.xml; do
  if [ "$(pom_field "$pom" version)" != "$version" ]; then
    echo "$pom says version '$(pom_field "$pom" version)', the workspace '$version': run scripts/version.sh set $version" >&2
    exit 1
  fi
done
group=$(pom_field $kotlin/pom.xml groupId)
artifact=$(pom_field $kotlin/pom.xml artifactId)
emu_artifact=$(pom_field $kotlin/emulator/pom.xml artifactId)

# JNA's resource prefix.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) prefix=linux-x86-64 ;;
  Linux-aarch64) prefix=linux-aarch64 ;;
  Darwin-x86_64) prefix=darwin-x86-64 ;;
  Darwin-arm64) prefix=darwin-aarch64 ;;
  *) echo "unsupported platform $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
case "$prefix" in darwin-*) lib=libcomposio_uniffi.dylib ;; *) lib=libcomposio_uniffi.so ;; esac

echo "== cargo build --profile $DIST_PROFILE (library, emulator)"
cargo build --profile "$DIST_PROFILE" -q -p composio-uniffi --lib
cargo build --profile "$DIST_PROFILE" -q -p composio-emulator --bin composio-emulator

# The resources each jar holds, staged in the ignored target dir.
stage=target/jvm-dist
rm -rf "$stage"
mkdir -p "$stage/native/$prefix" "$stage/emulator/dev/composio/testing/$prefix"
cp "$profile_dir/$lib" "$stage/native/$prefix/"
cp "$profile_dir/composio-emulator" "$stage/emulator/dev/composio/testing/$prefix/"
# The release profile strips already; a dev build's line tables would only make the jars bigger.
strip "$stage/native/$prefix/$lib" "$stage/emulator/dev/composio/testing/$prefix/composio-emulator" 2>/dev/null || true

echo "== mvn install $group:$artifact:$version, $group:$emu_artifact:$version"
# Profile "dist" (activated by the property) builds in $kotlin/target/dist with the library as a resource.
(cd $kotlin && mvn -B -q install -Dmaven.test.skip=true -Dcomposio.dist.native="$root/$stage/native")
(cd $kotlin/emulator && mvn -B -q install -Dcomposio.emulator.resources="$root/$stage/emulator")

out=dist/jvm
rm -rf "$out" && mkdir -p "$out"
cp $kotlin/target/dist/$artifact-$version.jar $kotlin/target/dist/$artifact-$version-sources.jar "$out/"
cp $kotlin/pom.xml "$out/$artifact-$version.pom"
cp $kotlin/target/emulator-artifact/$emu_artifact-$version.jar "$out/"
cp $kotlin/emulator/pom.xml "$out/$emu_artifact-$version.pom"

# The jar must carry the library where JNA looks, and the emulator jar the binary.
jar tf "$out/$artifact-$version.jar" | grep -x >/dev/null "$prefix/$lib" || { echo "$prefix/$lib missing from the jar" >&2; exit 1; }
jar tf "$out/$emu_artifact-$version.jar" | grep -x >/dev/null "dev/composio/testing/$prefix/composio-emulator" \
  || { echo "the emulator binary is missing from its jar" >&2; exit 1; }

echo "== dist/jvm ($((SECONDS - start))s)"
ls -l "$out" | awk 'NR > 1 { printf "  %-48s %9d bytes (%.1f MB)\n", $9, $5, $5 / 1048576 }'
echo "  installed in the local Maven repository (~/.m2/repository/${group//.//}/{$artifact,$emu_artifact}/$version)"
