# Lines past the line limit go out in pieces that join to the line, with no empty line added; blank lines and CRs pass unchanged.
. "$TESTS_DIR/lib.sh"

# A 300 KB line, a line of exactly 5 x 64 KiB, a blank line, a CR line.
cat >Procfile <<'EOP'
big: head -c 307200 /dev/zero | tr '\0' x; echo; head -c 327680 /dev/zero | tr '\0' y; printf '\n\na\rb\r\nafter\n'
EOP
start_muster start --no-timestamp
wait_muster
assert_eq 0 "$MUSTER_STATUS" "exit status"
sed -n 's/^big\.1 *| //p' out | grep -v '^started with pid\|^exited with code' >lines
xs=$(grep -c '^x' lines)
ys=$(grep -c '^y' lines)
[ "$xs" -ge 2 ] || fail "the 300 KB line was not cut ($xs pieces)"
grep '^x' lines | tr -d '\n' >joined
[ "$(wc -c <joined)" -eq 307200 ] || fail "the x line joined is $(wc -c <joined) bytes, not 307200"
grep -q '[^x]' joined && fail "bytes other than x in the x line"
grep '^y' lines | tr -d '\n' >joined
[ "$(wc -c <joined)" -eq 327680 ] || fail "the y line joined is $(wc -c <joined) bytes, not 327680"
# Every piece but the last of each line has at least 64 KiB.
grep '^x' lines | head -n $((xs - 1)) | awk 'length($0) < 65536 { exit 1 }' ||
	fail "an x piece shorter than 64 KiB"
grep '^y' lines | head -n $((ys - 1)) | awk 'length($0) < 65536 { exit 1 }' ||
	fail "a y piece shorter than 64 KiB"
# After the pieces: exactly one blank line, the CR line, "after".
grep -v '^[xy]' lines >rest
printf '\na\rb\r\nafter\n' >expected
cmp -s expected rest || fail "lines after the long ones: $(od -c rest | head -n 5)"
# No empty line between pieces or between the two long lines.
grep -n '' lines | grep -v ':[xy]' | head -n 1 | grep -q "^$((xs + ys + 1)):$" ||
	fail "an empty line among the pieces"
exit 0
