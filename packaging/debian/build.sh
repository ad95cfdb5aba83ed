#!/bin/bash
# Builds the Debian binary package of muster from this checkout and copies
# the .deb files into OUTDIR:
#
#     bash packaging/debian/build.sh OUTDIR
#
# Debian wants debian/ at the top of the source tree, so this copies the
# tree as it is now (tracked files with their uncommitted changes, plus
# untracked files that .gitignore does not exclude; no build products) into
# a temporary directory, puts packaging/debian there as debian/, and runs
# dpkg-buildpackage -us -uc -b in it.  Needs git, dpkg-dev and debhelper,
# and the Build-Depends of packaging/debian/control.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
mkdir -p "$1"
outdir=$(cd "$1" && pwd)
top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)

version=$(dpkg-parsechangelog -l "$top/packaging/debian/changelog" -S Version)
upstream=${version%-*}
work=$(mktemp -d "${TMPDIR:-/tmp}/muster-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$work/muster-$upstream
mkdir "$src"

# A tracked file deleted in the work tree is still listed: skip it.
(
	cd "$top"
	git ls-files -z -co --exclude-standard |
		while IFS= read -r -d '' f; do
			if [ -e "$f" ] || [ -L "$f" ]; then
				printf '%s\0' "$f"
			fi
		done |
		tar --null --no-recursion -T - -cf -
) | tar -xf - -C "$src"

cp -R "$src/packaging/debian" "$src/debian"
chmod +x "$src/debian/rules"

(cd "$src" && dpkg-buildpackage -us -uc -b)

shopt -s nullglob
debs=("$work"/*.deb)
if [ ${#debs[@]} -eq 0 ]; then
	echo "$0: dpkg-buildpackage made no .deb" >&2
	exit 1
fi
cp "${debs[@]}" "$outdir/"
for d in "${debs[@]}"; do
	echo "$outdir/${d##*/}"
done
