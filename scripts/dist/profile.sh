# Sourced by the dist scripts: the cargo profile they build with ($DIST_PROFILE, default release) and its output
# directory (.cargo/config.toml pins a target triple, which moves output under target/<triple>/; the dev profile's
# directory is named debug).
DIST_PROFILE=${DIST_PROFILE:-release}
case "$DIST_PROFILE" in
  release | dev) ;;
  *) echo "DIST_PROFILE must be release or dev, not '$DIST_PROFILE'" >&2; exit 2 ;;
esac
dist_triple=$(sed -n 's/^target = "\(.*\)"/\1/p' .cargo/config.toml | head -1)
profile_dir=target/${dist_triple:+$dist_triple/}$([ "$DIST_PROFILE" = dev ] && echo debug || echo release)
# maturin --zig links with zig's cc, which changes every unit's fingerprint (ring is built by cc, the linker is part
# of each unit's): in the shared target dir it would rebuild, and then undo, the other builds' artifacts.
zig_target_dir=target/zig
