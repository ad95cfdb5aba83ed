# Helpers for the export scenarios (t_export_*): the fixture app of
# tests/export/fixture, its golden exports and the validators.
# shellcheck shell=bash

. "$TESTS_DIR/lib.sh"

EXPORT_DIR=$TESTS_DIR/../export
VALIDATE=$EXPORT_DIR/validate.py
# The validators use Debian's python3 and its supervisor and yaml modules.
PYTHON=/usr/bin/python3
# The fixture's commands and values name this file: it must never appear.
PWNED=/tmp/muster-export-pwned

# The fixture's base port comes from its .env; the environment would win.
unset PORT

# The fixture app the export_* functions take: tests/export/$FIXTURE, its
# golden files tests/export/golden/$GOLDEN_PREFIX$FORMAT.txt.
FIXTURE=fixture
GOLDEN_PREFIX=

# export_fixture: copies the fixture app to ./app; ROOT is its path.
export_fixture() {
	cp -r "$EXPORT_DIR/$FIXTURE" app
	ROOT=$(cd app && pwd -P)
	# validate.py reads back as nobody where the target insists.
	chmod 755 . app
}

# export_path FORMAT DIR: the file (or directory) a validator reads.
export_path() {
	case $1 in
	supervisord) echo "$2/shop.conf" ;;
	kubernetes) echo "$2/shop.yaml" ;;
	compose) echo "$2/compose.yaml" ;;
	*) echo "$2" ;;
	esac
}

# export_fixture_to FORMAT DIR [ARGS...]: exports the fixture app as
# FORMAT into DIR, stdout to ./out and stderr to ./err; fails unless it
# exits 0 with nothing on stderr.
export_fixture_to() {
	local fmt=$1 dir=$2 image=()
	shift 2
	case $fmt in
	kubernetes | compose) image=(--image registry.example/shop:1) ;;
	esac
	"$MUSTER" export -f app/Procfile -a shop -m all=1,web=2 "${image[@]}" \
	    "$@" "$fmt" "$dir" >out 2>err ||
	    fail "export $fmt exited $?"
	[ -s err ] && fail "export $fmt wrote to stderr"
	return 0
}

# export_refused DIR MESSAGE ARG...: `muster export ARG... DIR` (ARG ends
# with the format) exits 2 with exactly MESSAGE on stderr and creates no
# DIR.
export_refused() {
	local dir=$1 msg=$2
	shift 2
	"$MUSTER" export "$@" "$dir" >out 2>err
	assert_eq 2 "$?" "status of 'muster export $* $dir'"
	assert_eq "$msg" "$(cat err)" "stderr of 'muster export $* $dir'"
	[ -e "$dir" ] && fail "a refused export created $dir"
	return 0
}

# export_tree DIR: every file under DIR in name order with its mode and
# contents, the app's root as @ROOT@ and NUL bytes as ^@; directories by
# name only (their mode is the umask's).
export_tree() {
	local f
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort) | while read -r f; do
		if [ -d "$1/$f" ]; then
			printf '== %s/\n' "$f"
			continue
		fi
		printf '== %s %s\n' "$f" "$(stat -c %a "$1/$f")"
		tr '\000' '\001' <"$1/$f" |
		    sed -e "s|$ROOT|@ROOT@|g" -e 's/\x01/^@/g'
	done
}

# export_golden FORMAT DIR: DIR matches its golden file;
# with GOLDEN_UPDATE=1, rewrites that file instead.
export_golden() {
	local golden=$EXPORT_DIR/golden/$GOLDEN_PREFIX$1.txt
	export_tree "$2" >tree.txt
	if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
		cp tree.txt "$golden"
		return
	fi
	diff -u "$golden" tree.txt >golden.diff ||
	    fail "export $1 differs from $golden:"$'\n'"$(head -n 60 golden.diff)"
}

# export_validate FORMAT DIR: the target's own parser reads DIR back and
# every unit runs the fixture's command with its values, literally.
export_validate() {
	"$PYTHON" "$VALIDATE" "$1" "$(export_path "$1" "$2")" "$ROOT" \
	    --expect "$EXPORT_DIR/$FIXTURE/expected.json" >valid.out 2>&1 ||
	    fail "validate.py $1: $(cat valid.out)"
	assert_grep '^ok: [0-9]+ units$' valid.out
}

# export_check FORMAT: the fixture exported as FORMAT matches its golden
# file, passes the validator and, exported again, is unchanged and
# replaces only its own files; nothing in it was ever evaluated.
export_check() {
	local fmt=$1
	rm -f "$PWNED"
	export_fixture
	export_fixture_to "$fmt" exp
	assert_no_grep '^removed ' out
	[ "$(grep -c '^wrote exp/' out)" = "$(find exp -type f | wc -l)" ] ||
	    fail "stdout does not name every file written"
	export_golden "$fmt" exp
	export_validate "$fmt" exp
	export_tree exp >before.txt
	export_fixture_to "$fmt" exp
	assert_no_grep '^removed ' out
	export_tree exp >after.txt
	cmp -s before.txt after.txt || fail "a second export changed $fmt"
	[ -e "$PWNED" ] && fail "a value or command was evaluated"
	return 0
}

# export_check_ready FORMAT: export_check of the readiness and order
# fixture (tests/export/fixture-ready, golden files ready-FORMAT.txt), in
# ./ready, which stays the current directory.
export_check_ready() {
	mkdir ready || fail "cannot make ./ready"
	cd ready || fail "cannot enter ./ready"
	FIXTURE=fixture-ready
	GOLDEN_PREFIX=ready-
	export_check "$1"
}
