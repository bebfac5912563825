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
# The first <$2> of the project itself (two spaces in), portably (BSD sed has no 0,/re/ address).
pom_field() { awk -v t="$2" 'index($0, "  <" t ">") == 1 { v = substr($0, length(t) + 5); sub("</" t ">.*", "", v); print v; exit }' "$1"; }
for pom in $kotlin/pom.xml $kotlin/emulator/pom.xml; do
  if [ "$(pom_field "$pom" version)" != "$version" ]; then
    echo "$pom says version '$(pom_field "$pom" version)', the workspace '$version': run scripts/version.sh set $version" >&2
    exit 1
  fi
done
group=$(pom_field $kotlin/pom.xml groupId)
artifact=$(pom_field $kotlin/pom.xml artifactId)
emu_artifact=$(pom_field $kotlin/emulator/pom.xml artifactId)

# The library of scripts/dist/native.sh, under JNA's resource prefix for this platform (scripts/dist/profile.sh).
prefix=$jna_prefix
lib=${lib_prefix}composio_uniffi$lib_suffix
[ -f "$native_dir/$lib" ] || { echo "jvm.sh: no $native_dir/$lib: run scripts/dist/native.sh first" >&2; exit 1; }

# The resources each jar holds, staged in the ignored target dir.
stage=target/jvm-dist
rm -rf "$stage"
mkdir -p "$stage/native/$prefix" "$stage/emulator/dev/composio/testing/$prefix"
cp "$native_dir/$lib" "$stage/native/$prefix/"
cp "dist/emulator/composio-emulator$exe" "$stage/emulator/dev/composio/testing/$prefix/"
# The release profile strips already; a dev build's line tables would only make the jars bigger.
case "$dist_triple" in *-windows-*) ;; *) strip "$stage/native/$prefix/$lib" 2>/dev/null || true ;; esac

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
jar tf "$out/$emu_artifact-$version.jar" | grep -x >/dev/null "dev/composio/testing/$prefix/composio-emulator$exe" \
  || { echo "the emulator binary is missing from its jar" >&2; exit 1; }

echo "== dist/jvm ($((SECONDS - start))s)"
ls -l "$out" | awk 'NR > 1 { printf "  %-48s %9d bytes (%.1f MB)\n", $9, $5, $5 / 1048576 }'
echo "  installed in the local Maven repository (~/.m2/repository/${group//.//}/{$artifact,$emu_artifact}/$version)"
