# muster export never follows a symbolic link under DIR (a symlinked
# service directory would have had it write, values and all, wherever the
# link points, and a re-export remove files there), checks every name's
# length before it writes (a 250-character type once left a half export),
# and writes into DIR given as '.'.
. "$TESTS_DIR/lib_export.sh"

printf 'web: serve\nworker: work\n' >Procfile
printf 'A=secret-value\n' >.env
mkdir victim
victim_sum() {
	find victim -exec stat -c '%n %F %s' {} + | LC_ALL=C sort
}

# A service directory that is a link to another directory: refused, not
# one file written, not even in DIR.
mkdir sv
ln -s ../victim sv/shop-web.1
victim_sum >victim.before
"$MUSTER" export -a shop runit sv >out 2>err
assert_eq 1 "$?" "status over a symlinked service directory"
assert_eq "muster: sv/shop-web.1: a symbolic link, which export does not follow; nothing written" "$(cat err)" "stderr"
[ -s out ] && fail "stdout not empty"
victim_sum >victim.after
cmp -s victim.before victim.after || fail "files written through the link: $(ls -R victim)"
assert_eq "shop-web.1" "$(ls sv)" "what sv holds"
grep -rq secret-value victim sv/ 2>/dev/null && fail "a value was written through the link"
rm sv/shop-web.1

# A link to a file where a unit goes: refused as well.
mkdir units
echo 'not a unit' >victim/file
ln -s ../victim/file units/shop-web.1.service
"$MUSTER" export -a shop systemd units >out 2>err
assert_eq 1 "$?" "status over a symlinked unit"
assert_eq "muster: units/shop-web.1.service: a symbolic link, which export does not follow; nothing written" "$(cat err)" "stderr"
assert_eq 'not a unit' "$(cat victim/file)" "the link's target"
rm units/shop-web.1.service

# A re-export does not follow a link that replaced one of its service
# directories: what muster wrote there earlier (now in victim/) stays.
"$MUSTER" export -a shop -m web=2 runit sv >out 2>err ||
    fail "export exited $?: $(cat err)"
rm victim/file
mv sv/shop-web.2 victim/shop-web.2
ln -s ../victim/shop-web.2 sv/shop-web.2
victim_sum >victim.before
"$MUSTER" export -a shop -m web=1 runit sv >out 2>err ||
    fail "re-export exited $?: $(cat err)"
assert_no_grep 'shop-web\.2' out
victim_sum >victim.after
cmp -s victim.before victim.after ||
    fail "a re-export removed files through a link: $(diff victim.before victim.after)"
[ -L sv/shop-web.2 ] || fail "the link itself was removed"

# Names too long for the file system: refused with the line that makes
# them, exit 2, and nothing written (DIR not even created).
long=$(printf 'a%.0s' $(seq 250))
printf '%s: x\n' "$long" >long.Procfile
export_refused long "muster: long.Procfile:1: cannot export to systemd: the file name shop-$long.1.service would be 265 bytes long, over the limit of 255" \
    -f long.Procfile -a shop systemd
export_refused long "muster: long.Procfile:1: cannot export to runit: the file name shop-$long.1 would be 257 bytes long, over the limit of 255" \
    -f long.Procfile -a shop runit
key=$(printf 'K%.0s' $(seq 300))
printf 'OK=1\n%s=secret-value\n' "$key" >long.env
export_refused long "muster: long.env:2: cannot export to runit: the file name $key would be 300 bytes long, over the limit of 255" \
    -e long.env -a shop runit
name=$(printf 'd%.0s' $(seq 256))
export_refused "$name" "muster: cannot export into the directory: a name in its path is 256 bytes long, over the limit of 255" \
    -a shop systemd

# DIR '.': the files go into the current directory.
mkdir here
(cd here && "$MUSTER" export -f ../Procfile -a shop systemd .) >out 2>err ||
    fail "export into . exited $?: $(cat err)"
assert_grep '^wrote shop-web\.1\.service$' out
if ! [ -f here/shop-web.1.service ] || ! [ -f here/shop.target ]; then
	fail "export into . wrote no units"
fi
[ -n "$(find here -name '.muster-*')" ] && fail "a temporary file is left"
exit 0
