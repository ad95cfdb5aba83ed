# muster export refuses what it cannot do before it writes anything: a
# missing format or directory, an unknown format, bad names, options of
# other formats or commands, and every error of the Procfile, env files and
# formation, each as "muster: [PATH:LINE: ]message", exit 2, no directory
# made. A directory it cannot create is a failure: exit 1.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/lib_bad.sh"

procfile2

# refused_export ARG... -- LINE...: `muster ARG...` is refused with exactly
# these lines on stderr, and ./out was not created.
refused_export() {
	local -a args=()
	while [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	shift
	refused export "${args[@]}"
	errors_are "'muster ${args[*]}'" "$@"
	[ -e dir ] && fail "'muster ${args[*]}' created its directory"
	return 0
}

refused_export export systemd -- \
    "muster: export needs a format and a directory: muster export FORMAT DIR"
refused_export export systemd dir extra -- \
    "muster: export needs a format and a directory: muster export FORMAT DIR"
refused_export export upstart dir -- \
    "muster: unknown export format 'upstart' (systemd, supervisord, runit, kubernetes or compose)"
refused_export export -a 'my app' systemd dir -- \
    "muster: invalid app name 'my app' for -a (letters, digits, '_', '-' and '.')"
refused_export export -a -x systemd dir -- \
    "muster: invalid app name '-x' for -a (letters, digits, '_', '-' and '.')"
refused_export export -u 'root;x' runit dir -- \
    "muster: invalid user name 'root;x' for -u"
refused_export export --image x systemd dir -- \
    "muster: --image applies only to kubernetes and compose"
refused_export export --image '' compose dir -- \
    "muster: invalid image name for --image: it is empty"
refused_export export --image 'a b' kubernetes dir -- \
    "muster: invalid image name for --image: it holds a blank"
refused_export export --image $'\xff' compose dir -- \
    "muster: invalid image name for --image: it is not valid UTF-8"
refused_export export --image $'img\a' compose dir -- \
    "muster: invalid image name for --image: it holds a control character"
refused_export export --app -- \
    "muster: option --app needs a value" "usage: see 'muster help'"
# The export options belong to export alone.
for c in check start "run true"; do
	# shellcheck disable=SC2086
	refused_export -a shop $c -- \
	    "muster: options -a, -u and --image belong to export" \
	    "usage: see 'muster help'"
done

# The app's own errors, with file and line, as check reports them.
printf 'web: x\nweb: y\n' >Procfile
refused_export export systemd dir -- \
    "muster: Procfile:2: duplicate process type 'web' (first defined at line 1)"
procfile2
printf 'A=1\nnot a line\n' >.env
refused_export export compose dir -- \
    "muster: .env:2: no '=' or ':' after key"
rm .env
refused_export export -m web=1,db=2 supervisord dir -- \
    "muster: -m: unknown process type 'db' in formation"
refused_export export -p 65500 -m web=1,worker=1 runit dir -- \
    "muster: -p: port 65600 of worker.1 is above 65535 (base port 65500)"

# A directory that cannot be made: exit 1, nothing else written.
touch file
"$MUSTER" export systemd file/units >out 2>err
assert_eq 1 "$?" "status"
assert_eq "muster: cannot create file/units: Not a directory" "$(cat err)" "stderr"
[ -s out ] && fail "stdout not empty"
exit 0
