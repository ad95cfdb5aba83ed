#!/bin/bash
# Builds the Debian package from the current tree with
# packaging/debian/build.sh, checks its control fields and contents against
# what `make install` installs, installs it for real with dpkg -i, runs the
# installed muster, finds its man pages, and removes it again with dpkg -r.
#
#     bash tests/packaging/deb.sh
#
# Needs root (dpkg -i), git, dpkg-dev, debhelper, man-db and the package's
# Build-Depends.  It refuses to run when a muster package is already
# installed or /usr/bin/muster exists, so that it never replaces or removes
# an installation it did not make.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0

ok() {
	pass=$((pass + 1))
	echo "PASS: $1"
}

not_ok() {
	fail=$((fail + 1))
	echo "FAIL: $1"
	if [ $# -gt 1 ] && [ -n "$2" ]; then
		printf '%s\n' "$2" | sed 's/^/    /'
	fi
}

# check NAME COMMAND...: PASS when COMMAND succeeds.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name" "$out"
	fi
}

# same NAME WANT GOT: PASS when GOT is WANT.
same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "$(printf 'want: %s\ngot:  %s' "$2" "$3")"
	fi
}

finish() {
	echo "$pass passed, $fail failed"
	if [ "$fail" -eq 0 ]; then
		exit 0
	fi
	exit 1
}

pkg_status() {
	dpkg-query -W -f '${db:Status-Status}' muster 2>/dev/null
}

# Preconditions: a missing tool is a setup error, not a test result.
missing=
for tool in git dpkg-buildpackage dh man; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "deb.sh: missing:$missing (install git dpkg-dev debhelper man-db)" >&2
	exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deb.sh: must run as root: it installs and removes the package" >&2
	exit 2
fi
status=$(pkg_status)
if [ -n "$status" ] && [ "$status" != not-installed ]; then
	echo "deb.sh: a muster package is already on this machine ($status);" \
	    "remove it first (dpkg -r muster)" >&2
	exit 2
fi
if [ -e /usr/bin/muster ]; then
	echo "deb.sh: /usr/bin/muster exists and no package owns it;" \
	    "refusing to overwrite it" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/muster-debtest.XXXXXX")
installed=
# shellcheck disable=SC2317  # run by the trap
cleanup() {
	if [ -n "$installed" ]; then
		dpkg -r muster >/dev/null 2>&1
	fi
	rm -rf "$work"
}
trap cleanup EXIT

version=$(dpkg-parsechangelog -l "$top/packaging/debian/changelog" -S Version)
upstream=${version%-*}

# 1. Build.
if bash "$top/packaging/debian/build.sh" "$work/out" >"$work/build.log" 2>&1; then
	ok "build.sh builds the package"
else
	not_ok "build.sh builds the package" "$(tail -n 30 "$work/build.log")"
	finish
fi
debs=("$work/out/muster_${version}_"*.deb)
if [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ]; then
	deb=${debs[0]}
	ok "one muster_${version}_*.deb"
else
	not_ok "one muster_${version}_*.deb" "$(ls -l "$work/out")"
	finish
fi

# 2. Control fields.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libev4 libinih1; do
	if [[ ", $depends" == *", $lib "* || ", $depends," == *", $lib,"* ]]; then
		ok "Depends names $lib"
	else
		not_ok "Depends names $lib" "Depends: $depends"
	fi
done
same "Package is muster" muster "$(dpkg-deb -f "$deb" Package)"
same "Version is $version" "$version" "$(dpkg-deb -f "$deb" Version)"

# 3. Contents: everything `make install PREFIX=/usr` installs, nothing else
# but the Debian docs; dh_installman compresses the man pages.  The
# reference install builds in $work, leaving the work tree alone.
if make -C "$top" -s O="$work/build" MUSTER="$work/muster" PREFIX=/usr \
	DESTDIR="$work/stage" install >"$work/install.log" 2>&1; then
	(cd "$work/stage" && find . ! -type d | sed 's/^\.//' | sort) \
	    >"$work/want"
	dpkg-deb --fsys-tarfile "$deb" | tar -tf - | sed 's/^\.//' |
	    grep -v '/$' | grep -v '^/usr/share/doc/muster/' |
	    sed 's,^\(/usr/share/man/.*\)\.gz$,\1,' | sort >"$work/have"
	check "the .deb holds exactly what make install installs" \
	    diff -u "$work/want" "$work/have"
else
	not_ok "make install into a staging directory" \
	    "$(tail -n 20 "$work/install.log")"
fi
check "the .deb has /usr/share/doc/muster/copyright" \
	grep -qx ./usr/share/doc/muster/copyright \
	<<<"$(dpkg-deb --fsys-tarfile "$deb" | tar -tf -)"

same "debian/copyright names the ISC licence of LICENSE" "ISC" \
	"$(sed -n 's/^License: //p' "$top/packaging/debian/copyright" | sort -u)"
check "debian/copyright holds LICENSE's permission notice" \
	grep -qF "purpose with or without fee is hereby granted" \
	"$top/packaging/debian/copyright"

# 4. Install.
if out=$(dpkg -i "$deb" 2>&1); then
	installed=yes
	ok "dpkg -i installs it"
else
	not_ok "dpkg -i installs it" "$out"
	finish
fi
same "dpkg says muster is installed" installed "$(pkg_status)"
same "/usr/bin/muster --version prints 'muster $upstream'" \
	"muster $upstream" "$(/usr/bin/muster --version 2>&1)"

mkdir "$work/app"
printf 'web: exec sleep 60\nworker: exec sleep 60\n' >"$work/app/Procfile"
same "the installed muster checks a Procfile" \
	"valid procfile detected (web, worker)" \
	"$(cd "$work/app" && /usr/bin/muster check 2>&1)"

# bash-completion loads /usr/share/bash-completion/completions/muster when
# muster is first completed; loaded by hand, it registers the function.
same "the installed bash completion registers muster" \
	"complete -F _muster muster" \
	"$(bash --norc -c '. /usr/share/bash-completion/completions/muster &&
	    complete -p muster' 2>&1)"
same "the installed bash completion offers the export formats" \
	"compose kubernetes runit supervisord systemd" \
	"$(bash --norc -c '. /usr/share/bash-completion/completions/muster
	    COMP_WORDS=(muster export ""); COMP_CWORD=2
	    COMP_LINE="muster export "; COMP_POINT=${#COMP_LINE}
	    _muster muster "" export; printf "%s\n" "${COMPREPLY[@]}"' |
	    sort | xargs)"

for page in "1 muster" "5 procfile" "5 muster.ini"; do
	read -r sec name <<<"$page"
	same "man -w $sec $name finds it under /usr/share/man" \
	    "/usr/share/man/man$sec/$name.$sec.gz" \
	    "$(env -u MANPATH man -w "$sec" "$name" 2>&1)"
done

# Every path dpkg -L lists exists, and it lists nothing outside /usr.
listed=$(dpkg -L muster)
absent=
outside=
while IFS= read -r f; do
	[ "$f" = /. ] && continue
	[ -e "$f" ] || absent="$absent $f"
	case $f in
	/usr | /usr/*) ;;
	*) outside="$outside $f" ;;
	esac
done <<<"$listed"
same "every file dpkg -L lists exists" "" "$absent"
same "dpkg -L lists nothing outside /usr" "" "$outside"
check "dpkg -L lists /usr/bin/muster" grep -qx /usr/bin/muster <<<"$listed"

# 5. Remove.
if out=$(dpkg -r muster 2>&1); then
	installed=
	ok "dpkg -r removes it"
else
	not_ok "dpkg -r removes it" "$out"
fi
left=
while IFS= read -r f; do
	[ -d "$f" ] || [ ! -e "$f" ] || left="$left $f"
done <<<"$listed"
same "/usr/bin/muster is gone" no "$([ -e /usr/bin/muster ] && echo yes || echo no)"
same "no file of the package is left" "" "$left"
status=$(pkg_status)
same "dpkg says muster is not installed" not-installed "${status:-not-installed}"

finish
