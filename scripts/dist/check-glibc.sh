#!/usr/bin/env bash
# Fails when any Linux binary in dist/ (the plain ones, and those inside wheels, npm tarballs and jars) needs a
# glibc newer than 2.17: the highest GLIBC_ symbol version each one references is what its loader demands, so this
# is the oldest distribution it runs on (2.17: RHEL/CentOS 7, Amazon Linux 2, Ubuntu 14.04 and everything later).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 - "${1:-dist}" <<'PY'
import io, re, subprocess, sys, tarfile, tempfile, zipfile
from pathlib import Path

LIMIT = (2, 17)
root = Path(sys.argv[1])

def elf_members(path):
    """(name, bytes) of every ELF file in path: the file itself, or the members of a wheel, jar or tarball."""
    data = path.read_bytes()
    if data[:4] == b"\x7fELF":
        yield str(path), data
    elif path.suffix in (".whl", ".jar", ".zip"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                member = z.read(name)
                if member[:4] == b"\x7fELF":
                    yield f"{path}!{name}", member
    elif path.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            for info in t.getmembers():
                if info.isfile():
                    member = t.extractfile(info).read()
                    if member[:4] == b"\x7fELF":
                        yield f"{path}!{info.name}", member

def glibc_needed(data):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["objdump", "-T", f.name], capture_output=True, text=True, check=True).stdout
    versions = {tuple(int(p) for p in v.split(".")) for v in re.findall(r"\bGLIBC_([0-9]+(?:\.[0-9]+)*)", out)}
    return max(versions, default=None)

checked, failed = 0, []
for path in sorted(p for p in root.rglob("*") if p.is_file()):
    for name, data in elf_members(path):
        needed = glibc_needed(data)
        checked += 1
        shown = "no glibc symbols" if needed is None else "GLIBC_" + ".".join(map(str, needed))
        print(f"  {shown:18} {name}")
        if needed is not None and needed > LIMIT:
            failed.append(name)
if checked == 0:
    sys.exit(f"check-glibc: no Linux binary under {root}")
if failed:
    sys.exit(f"check-glibc: {len(failed)} of {checked} binaries need a glibc newer than 2.17: {', '.join(failed)}")
print(f"check-glibc: all {checked} Linux binaries under {root} run on glibc 2.17")
PY
