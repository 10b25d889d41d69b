#!/usr/bin/env bash
# Build a Debian package of lankeeper from this checkout:
#
#   packaging/debian/build-deb.sh agent      [OUT_DIR]   -> OUT_DIR/lankeeper-agent_<v>_<arch>.deb
#   packaging/debian/build-deb.sh collector  [OUT_DIR]   -> OUT_DIR/lankeeper-collector_<v>_<arch>.deb
#
# The program goes into its own virtual environment under /opt (made from Debian's
# /usr/bin/python3, so the package depends on that Python's minor version); the agent gets only
# the agent's libraries, the collector `lankeeper[collector]`. Needs: dpkg-deb, python3-venv, and
# the package index pip already uses (PyPI or a mirror) for the wheels; nothing else is fetched.
# Run as any user; the files are owned by root in the package (--root-owner-group).
set -euo pipefail

usage() { echo "usage: $0 agent|collector [OUT_DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
case "$1" in
  agent)     PKG=lankeeper-agent;     PREFIX=/opt/lankeeper;           EXTRA="" ;;
  collector) PKG=lankeeper-collector; PREFIX=/opt/lankeeper-collector; EXTRA="[collector]" ;;
  *) usage ;;
esac
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="$(mkdir -p "${2:-$REPO/build/deb}" && cd "${2:-$REPO/build/deb}" && pwd)"
PYTHON=/usr/bin/python3
PIP=(env PIP_DISABLE_PIP_VERSION_CHECK=1 "$PYTHON" -m pip)
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  PIP=(env PIP_DISABLE_PIP_VERSION_CHECK=1 "$REPO/.venv/bin/python" -m pip)
fi
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
NEXT="$("$PYTHON" -c 'import sys; print("%d.%d" % (sys.version_info[0], sys.version_info[1] + 1))')"
VERSION="$("$PYTHON" -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$REPO/pyproject.toml")-1"
ARCH="$(dpkg --print-architecture)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/$PKG-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/root"
VENV="$ROOT$PREFIX/venv"

echo "building $PKG $VERSION ($ARCH, Python $PYVER) in $WORK" >&2
# 1. lankeeper's own wheel, from a copy of the sources (the checkout stays clean)
mkdir -p "$WORK/src" "$WORK/wheels"
tar -C "$REPO" --exclude=__pycache__ -cf - pyproject.toml README.md agent schemas collector \
  | tar -C "$WORK/src" -xf -
"${PIP[@]}" wheel --quiet --no-deps --wheel-dir "$WORK/wheels" "$WORK/src"
WHEEL="$(ls "$WORK"/wheels/lankeeper-*.whl)"

# 2. its own environment at the final path inside the package root, then made relocatable
"$PYTHON" -m venv --without-pip "$VENV"
"${PIP[@]}" --python "$VENV/bin/python" install --quiet --no-compile "$WHEEL$EXTRA" 2>&1 \
  | { grep -v "^WARNING: Location '.*' is ignored" || true; } >&2
rm -f "$VENV"/bin/activate* "$VENV"/bin/Activate.ps1
if [ "$PKG" = lankeeper-agent ]; then  # the agent's package carries no collector code at all
  rm -rf "$VENV"/lib/python*/site-packages/collector "$VENV/bin/lankeeper-collector"
fi
grep -rlF --null "$ROOT" "$VENV" | xargs -0 -r sed -i "s|$ROOT||g"
if grep -rqF "$ROOT" "$VENV"; then
  echo "build-deb: the build path is still inside the environment:" >&2
  grep -rlF "$ROOT" "$VENV" >&2
  exit 1
fi
# Byte-compiled now (recording the installed paths): the service may not write under /opt.
"$PYTHON" -m compileall -q -j 0 -s "$ROOT" -p / "$VENV/lib" >/dev/null

# 3. the rest of the package
install -D -m 0755 "$HERE/$PKG/wrapper" "$ROOT/usr/bin/$PKG"
install -D -m 0644 "$REPO/packaging/README.md" "$ROOT/usr/share/doc/$PKG/README.md"
UNITS="$ROOT/usr/lib/systemd/system"
mkdir -p "$UNITS" "$ROOT/etc/lankeeper"
if [ "$PKG" = lankeeper-agent ]; then
  install -m 0644 "$REPO"/packaging/systemd/lankeeper-agent{.service,.timer,-service.service} "$UNITS/"
  install -m 0644 "$HERE/$PKG/agent.toml" "$ROOT/etc/lankeeper/agent.toml"
  install -m 0644 "$REPO/packaging/agent.toml.sample" "$ROOT/usr/share/doc/$PKG/"
else
  install -m 0644 "$REPO"/packaging/systemd/lankeeper-collector{.service,-tick.service,-tick.timer} "$UNITS/"
  install -m 0644 "$HERE/$PKG/collector.env" "$ROOT/etc/lankeeper/collector.env"
fi
mkdir -p "$ROOT/DEBIAN"
install -m 0644 "$HERE/$PKG/conffiles" "$ROOT/DEBIAN/conffiles"
install -m 0755 "$HERE/$PKG"/{postinst,prerm,postrm} "$ROOT/DEBIAN/"
SIZE="$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)"
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$ARCH|" -e "s|@SIZE@|$SIZE|" \
    -e "s|@PYTHON_DEPENDS@|python3 (>= $PYVER~), python3 (<< $NEXT~)|" \
    "$HERE/$PKG/control" > "$ROOT/DEBIAN/control"
(cd "$ROOT" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
  | xargs -0 md5sum > DEBIAN/md5sums)

DEB="$OUT/${PKG}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-xz}" --build "$ROOT" "$DEB" >/dev/null
echo "$DEB"
