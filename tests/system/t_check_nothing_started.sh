# With any configuration error, `muster start` and `muster run PROCESS` exit 2 and start nothing.
. "$TESTS_DIR/lib.sh"

unset "${!MUSTER_@}" PORT

# not_started WHAT [ARG...]: `muster ARG...` exits 2 with an error on
# stderr and without having run the command that would create ./started.
not_started() {
	local what=$1 rc
	shift
	rm -f started
	"$MUSTER" "$@" >out 2>err </dev/null
	rc=$?
	assert_eq 2 "$rc" "exit status of 'muster $*' ($what)"
	assert_grep '^muster: ' err
	[ -e started ] && fail "'muster $*' started a process ($what)"
	[ -s out ] && fail "'muster $*' wrote to stdout ($what)"
	return 0
}

good_procfile() {
	printf 'web: touch started; echo web\nworker: touch started; echo worker\n' >Procfile
	rm -f .env muster.ini
}

# The Procfile itself: one good entry and one bad line.
printf 'web: touch started\n  worker: touch started\n' >Procfile
not_started "indented Procfile line" start
not_started "indented Procfile line" run web

good_procfile
printf 'A=1\nB="open\n' >.env
not_started "unterminated quote in .env" start
not_started "unterminated quote in .env" run web
not_started "unterminated quote in .env" run touch started

good_procfile
not_started "missing named env file" start -e nope.env
not_started "missing named env file" run -e nope.env touch started

good_procfile
printf '[muster]\ntimeout = forever\n' >muster.ini
not_started "bad muster.ini" start
not_started "bad muster.ini" run web

good_procfile
printf '[ghost]\non_exit = ignore\n' >muster.ini
not_started "section for an unknown type" start
not_started "section for an unknown type" run web

good_procfile
not_started "bad formation" start -m web=1,
not_started "unknown formation type" start -m ghost=1
not_started "formation starting nothing" start -m web=0,worker=0
not_started "unknown process" start ghost
not_started "port above 65535" start -p 65500
not_started "port above 65535" run -p 65500 worker
not_started "missing root" start -d no-such-dir
not_started "missing root" run -d no-such-dir web
assert_grep '^muster: no-such-dir: ' err
touch afile
not_started "root not a directory" run -d afile web
assert_grep '^muster: afile: ' err

# And the same configuration is fine once repaired.
good_procfile
"$MUSTER" start -m web=1 >out 2>err </dev/null
assert_eq 0 "$?" "exit status of a good start"
[ -e started ] || fail "the good start did not run web"
exit 0
