# A re-export replaces the files an earlier export wrote for the same app
# and nothing else: instances no longer in the formation lose their files,
# values no longer in the env files disappear, another app's files (even
# one whose name starts with this one's) and files muster did not write
# stay; a file of someone else's in the way stops the export before it
# writes anything.
. "$TESTS_DIR/lib_export.sh"

printf 'web: serve\nworker: work\n' >Procfile
printf 'A=1\nB=2\n' >.env
"$MUSTER" export -m web=3,worker=1 systemd units >/dev/null 2>err ||
    fail "export exited $?: $(cat err)"
"$MUSTER" export -a app-admin -m web=2 systemd units >/dev/null 2>err ||
    fail "export exited $?: $(cat err)"
echo '# mine' >units/app-web.9.service
echo '# mine' >units/unrelated.service
# A unit of someone else's that quotes the marker, but not as its first
# line, is not muster's.
app=$(basename "$(pwd -P)")
printf '[Unit]\n# Like: # Written by muster export for app %s; re-export rather than edit.\n' \
    "$app" >"units/$app-web.7.service"
# The app is named after its directory.
[ -e "units/$app-web.3.service" ] || fail "no units for app $app"

"$MUSTER" export -m web=1 systemd units >out 2>err ||
    fail "export exited $?: $(cat err)"
for f in web.2 web.3 worker.1; do
	assert_grep "^removed units/$app-$f\\.service$" out
	[ -e "units/$app-$f.service" ] && fail "$app-$f.service is still there"
done
assert_eq 3 "$(grep -c '^removed ' out)" "files removed"
[ -e "units/$app-web.1.service" ] || fail "web.1 was not written"
assert_grep "^Wants=$app-web\\.1\\.service$" "units/$app.target"
for f in app-admin-web.1.service app-admin-web.2.service app-admin.target \
    app-web.9.service unrelated.service "$app-web.7.service"; do
	[ -e "units/$f" ] || fail "$f was removed"
done

# runit: the services no longer exported lose what muster wrote, but not
# their logs; a value gone from .env goes from env/.
"$MUSTER" export -a shop -m web=2 runit sv >/dev/null 2>err ||
    fail "export exited $?: $(cat err)"
echo 'a log line' >sv/shop-web.2/log/main/current
# Values an administrator added to env/ are not muster's to remove.
echo 'mine' >sv/shop-web.1/env/EXTRA
echo 'mine' >sv/shop-web.2/env/EXTRA
printf 'A=1\n' >.env
"$MUSTER" export -a shop -m web=1 runit sv >out 2>err ||
    fail "export exited $?: $(cat err)"
assert_grep '^removed sv/shop-web\.2/run$' out
assert_grep '^removed sv/shop-web\.1/env/B$' out
[ -e sv/shop-web.2/run ] || [ -e sv/shop-web.2/env/A ] &&
    fail "shop-web.2 still has its run or env/A"
for s in web.1 web.2; do
	assert_eq mine "$(cat sv/shop-$s/env/EXTRA 2>/dev/null)" \
	    "the administrator's env/EXTRA of $s"
done
[ -e sv/shop-web.2/log/main/current ] || fail "the log of shop-web.2 was removed"
[ -e sv/shop-web.1/env/B ] && fail "env/B is still there"
[ -e sv/shop-web.1/env/A ] || fail "env/A was removed"
# ... nor to replace: a value of the same name stops the export.
printf 'A=1\nEXTRA=2\n' >.env
"$MUSTER" export -a shop -m web=1 runit sv >out 2>err
assert_eq 1 "$?" "status over the administrator's env/EXTRA"
assert_eq "muster: sv/shop-web.1/env/EXTRA: not written by muster export for app shop; not replaced, nothing written" "$(cat err)" "stderr"
assert_eq mine "$(cat sv/shop-web.1/env/EXTRA)" "env/EXTRA"

# A file muster did not write, where the export would write: an error
# naming it, and not one file written or removed. Quoting the marker
# below the first line does not make it muster's.
find units -type f -exec md5sum {} + | sort >before.txt
printf '# mine\n# Written by muster export for app %s; re-export rather than edit.\n' \
    "$app" >"units/$app-worker.1.service"
"$MUSTER" export -m web=2,worker=1 systemd units >out 2>err
assert_eq 1 "$?" "status"
assert_eq "muster: units/$app-worker.1.service: not written by muster export for app $app; not replaced, nothing written" "$(cat err)" "stderr"
[ -s out ] && fail "stdout not empty"
rm "units/$app-worker.1.service"
find units -type f -exec md5sum {} + | sort >after.txt
cmp -s before.txt after.txt || fail "files changed: $(diff before.txt after.txt)"
exit 0
