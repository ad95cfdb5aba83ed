# "scripts/setup-debian run", the README's first command, installs enough
# to build muster and run the example app: every header muster includes
# comes from a package it names (or from build-essential's own), the
# libraries it links are theirs, and the example's interpreter is named.
. "$TESTS_DIR/lib.sh"

if ! command -v dpkg >/dev/null || ! command -v apt-cache >/dev/null; then
	skip "not Debian: no dpkg"
fi
root=$TESTS_DIR/../..
run=$(sed -n 's/^run_packages="\(.*\)"$/\1/p' "$root/scripts/setup-debian")
[ -n "$run" ] || fail "no run_packages in scripts/setup-debian"
# What build-essential brings: the compiler, libc's headers, make.
allowed=" $run $(apt-cache depends --recurse --no-recommends --no-suggests \
    --no-conflicts --no-breaks --no-replaces --no-enhances build-essential |
    sed -n 's/^\([a-z0-9][^ :<>]*\).*/\1/p' | sort -u | tr '\n' ' ') "
case $allowed in
*" libc6-dev "*) ;;
*) fail "apt-cache knows no libc6-dev under build-essential: run apt-get update" ;;
esac

# Every file the compiler reads for muster's sources.
headers=$(cd "$root" && cc -D_GNU_SOURCE -M src/*.c |
    sed 's/[ \\]/\n/g' | grep '^/usr/' | sort -u)
[ -n "$headers" ] || fail "cc -M listed no header"
# One dpkg -S for them all: "PACKAGE[:ARCH][, ...]: PATH" a line.
# shellcheck disable=SC2086 # one path a word
dpkg -S $headers >owners 2>/dev/null
for h in $headers; do
	pkg=$(awk -v f="$h" '{ p = $0; sub(/^[^:]*(:[^:]*)?: /, "", p) }
	    p == f { split($1, a, /[:,]/); print a[1]; exit }' owners)
	[ -n "$pkg" ] || fail "$h belongs to no package"
	case $allowed in
	*" $pkg "*) ;;
	*) fail "$h comes from $pkg, which setup-debian run does not install" ;;
	esac
done
# The libraries of the link line.
read -ra libs < <(sed -n 's/^LDLIBS = //p' "$root/Makefile")
for lib in "${libs[@]}"; do
	so=$(cc -print-file-name="lib${lib#-l}.so")
	pkg=$(dpkg -S "$(readlink -f "$so")" 2>/dev/null | head -n 1 | cut -d: -f1)
	dev=$(dpkg -S "$so" 2>/dev/null | head -n 1 | cut -d: -f1)
	case $allowed in
	*" $dev "*) ;;
	*) fail "$lib: $so comes from ${dev:-no package} (and ${pkg:-none}), not installed by setup-debian run" ;;
	esac
done
# The example app runs python3.
grep -q python3 "$root/examples/Procfile" || fail "the example no longer uses python3"
case " $run " in
*" python3 "*) ;;
*) fail "the example needs python3; setup-debian run does not install it" ;;
esac
exit 0
