# With any configuration error, `muster start` and `muster run` exit 2, print the error and start nothing, including the errors only they can meet.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

# not_started WHAT [ARG...]: `muster ARG...` exits 2 with an error on
# stderr and without having run the command that would create ./started.
not_started() {
	local what=$1
	shift
	refused "$what" "$@"
	err_matches '^muster: '
}

good_procfile() {
	procfile2
	rm -f .env muster.ini
}

# The Procfile itself: one good entry and one bad line.
printf 'web: %s\n  worker: %s\n' "$CMD" "$CMD" >Procfile
not_started "indented Procfile line" start
not_started "indented Procfile line" run web

good_procfile
printf 'A=1\nB="open\n' >.env
not_started "unterminated quote in .env" start
not_started "unterminated quote in .env" run web
not_started "unterminated quote in .env" run touch started
errors_are "run touch started" "muster: .env:2: unterminated quoted value for B"

good_procfile
not_started "missing named env file" start -e nope.env
not_started "missing named env file" run -e nope.env touch started
errors_are "run -e nope.env" "muster: nope.env: cannot open: No such file or directory"

good_procfile
printf '[muster]\ntimeout = forever\n' >muster.ini
not_started "bad muster.ini" start
not_started "bad muster.ini" run web
not_started "bad muster.ini" run touch started
errors_are "run touch started" "muster: muster.ini:2: invalid timeout 'forever' (expected seconds, such as 5 or 0.5)"

good_procfile
printf '[ghost]\non_exit = ignore\n' >muster.ini
not_started "section for an unknown type" start
not_started "section for an unknown type" run web
# A single word that could name an entry reads the Procfile.
not_started "section for an unknown type" run touch
errors_are "run touch" "muster: muster.ini:1: section [ghost] names no process type of Procfile"

good_procfile
not_started "bad formation" start -m web=1,
not_started "unknown formation type" start -m ghost=1
not_started "formation starting nothing" start -m web=0,worker=0

# The process types named on the command line of start.
not_started "unknown process" start ghost
errors_are "start ghost" "muster: unknown process type 'ghost'"
not_started "unknown processes" start web ghost worker spook
errors_are "start web ghost worker spook" "muster: unknown process type 'ghost'" \
    "muster: unknown process type 'spook'"
not_started "process named twice" start web worker web
errors_are "start web worker web" "muster: process type 'web' given twice"
not_started "selection starting nothing" start worker -m web=2
errors_are "start worker -m web=2" \
    "muster: -m: nothing to start: the formation runs no instance of the selected process types"
not_started "selection starting nothing" start web -m all=0,worker=3
not_started "port above 65535 for a selected type" start -p 65500 worker
errors_are "start -p 65500 worker" "muster: -p: port 65600 of worker.1 is above 65535 (base port 65500)"
# The word "start" is optional, before or after the options.
not_started "unknown word, no command" ghost
errors_are "ghost" "muster: unknown command 'ghost'" "usage: see 'muster help'"
not_started "unknown process after options" -p 6000 start ghost
errors_are "-p 6000 start ghost" "muster: unknown process type 'ghost'"

not_started "port above 65535" start -p 65500
not_started "port above 65535" run -p 65500 worker
errors_are "run -p 65500 worker" "muster: -p: port 65600 of worker.1 is above 65535 (base port 65500)"
not_started "missing root" start -d no-such-dir
not_started "missing root" run -d no-such-dir web
err_matches '^muster: no-such-dir: '
touch afile
not_started "root not a directory" run -d afile web
err_matches '^muster: afile: '
not_started "root not a directory" start -d afile
errors_are "start -d afile" "muster: afile: cannot use as root directory: Not a directory"
nothing_left

# And the same configuration is fine once repaired.
printf 'web: touch started\nworker: touch started\n' >Procfile
"$MUSTER" start -m web=1 >out 2>err </dev/null
assert_eq 0 "$?" "exit status of a good start"
[ -e started ] || fail "the good start did not run web"
rm started
"$MUSTER" run -p 65435 worker >out 2>err </dev/null
assert_eq 0 "$?" "exit status of a good run"
[ -e started ] || fail "the good run did not run worker"
exit 0
