# shellcheck shell=bash disable=SC2034  # sourced: the variables are the sourcing scripts'
# Sourced by the dist scripts: what they build, for which platform, and where cargo puts it.
#   DIST_PROFILE  release (default: fat LTO, one codegen unit, stripped) or dev (the debug build; CI uses it)
#   DIST_TARGET   the Rust target triple (default: the one .cargo/config.toml pins, this machine's). The release
#                 workflow (.github/workflows/release.yml) sets it on each runner.
# Every Linux artifact is linked by zig against glibc 2.17 (or musl), so it runs on every distribution still
# supported (scripts/dist/check-glibc.sh proves it of dist/); macOS and Windows link with the host toolchain.
DIST_PROFILE=${DIST_PROFILE:-release}
case "$DIST_PROFILE" in
  release | dev) ;;
  *) echo "DIST_PROFILE must be release or dev, not '$DIST_PROFILE'" >&2; exit 2 ;;
esac
host_triple=$(sed -n 's/^target = "\(.*\)"/\1/p' .cargo/config.toml | head -1)
dist_triple=${DIST_TARGET:-$host_triple}
profile_subdir=$([ "$DIST_PROFILE" = dev ] && echo debug || echo release)
# The command line ships inside the pip and npm packages: in release it is optimised for size (Cargo.toml).
cli_profile=$([ "$DIST_PROFILE" = dev ] && echo dev || echo release-cli)
cli_subdir=$([ "$DIST_PROFILE" = dev ] && echo debug || echo release-cli)

# The names each ecosystem gives this platform: npm's (napi-rs's), JNA's resource prefix, maturin's wheel tag.
case "$dist_triple" in
  x86_64-unknown-linux-gnu) npm_platform=linux-x64-gnu jna_prefix=linux-x86-64 wheel_compat=manylinux2014 ;;
  aarch64-unknown-linux-gnu) npm_platform=linux-arm64-gnu jna_prefix=linux-aarch64 wheel_compat=manylinux2014 ;;
  x86_64-unknown-linux-musl) npm_platform=linux-x64-musl jna_prefix=linux-x86-64 wheel_compat=musllinux_1_2 ;;
  aarch64-unknown-linux-musl) npm_platform=linux-arm64-musl jna_prefix=linux-aarch64 wheel_compat=musllinux_1_2 ;;
  x86_64-apple-darwin) npm_platform=darwin-x64 jna_prefix=darwin-x86-64 wheel_compat= ;;
  aarch64-apple-darwin) npm_platform=darwin-arm64 jna_prefix=darwin-aarch64 wheel_compat= ;;
  x86_64-pc-windows-msvc) npm_platform=win32-x64-msvc jna_prefix=win32-x86-64 wheel_compat= ;;
  *) echo "DIST_TARGET $dist_triple is not a platform the packages are built for" >&2; exit 2 ;;
esac
case "$dist_triple" in
  *-windows-*) exe=.exe lib_prefix='' lib_suffix=.dll ;;
  *-apple-*) exe='' lib_prefix=lib lib_suffix=.dylib ;;
  *) exe='' lib_prefix=lib lib_suffix=.so ;;
esac

# How the Rust artifacts are linked: zig for Linux (glibc 2.17 is the `.2.17` suffix cargo-zigbuild reads), the
# host linker elsewhere. Each linker has its own target dir: a unit's fingerprint includes the linker, so two of
# them in one dir rebuild and then undo each other's artifacts (maturin's --zig makes wrappers of its own, hence
# its own dir too).
case "$dist_triple" in
  *-linux-gnu) cargo_build=(cargo zigbuild --target "$dist_triple.2.17") native_target_dir=target/zigbuild ;;
  *-linux-musl) cargo_build=(cargo zigbuild --target "$dist_triple") native_target_dir=target/zigbuild ;;
  *) cargo_build=(cargo build --target "$dist_triple") native_target_dir=target ;;
esac
native_dir=$native_target_dir/$dist_triple/$profile_subdir
cli_dir=$native_target_dir/$dist_triple/$cli_subdir
maturin_zig=$(case "$dist_triple" in *-linux-*) echo --zig ;; esac)
zig_target_dir=target/zig

# The pinned build tools of the dist scripts, in the repository's .venv (zig and cargo-zigbuild come as wheels).
# cargo-zigbuild 0.24.0 is the one maturin 1.16.0 carries.
dist_tools() {
  [ -d .venv ] || "$(command -v python3 || command -v python)" -m venv .venv
  local bin=$PWD/.venv/bin
  [ -d .venv/Scripts ] && bin=$PWD/.venv/Scripts
  "$bin/python" -m pip install -q --disable-pip-version-check "maturin==1.16.0" "ziglang==0.13.0" \
    "auditwheel==6.4.2" "cargo-zigbuild==0.24.0"
  export PATH="$bin:$PATH"
}
