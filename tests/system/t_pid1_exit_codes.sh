# As PID 1, muster passes every exit code 0 to 255 of the first process to end through as its own, after stopping a sibling.
. "$TESTS_DIR/lib.sh"

pid1_require

# CODE comes from muster's environment, so one Procfile serves every run;
# four run at once, so none has a control socket (it would refuse the
# second start of one app).
cat >Procfile <<EOP
code: exit \$CODE
sleep: sleep 30 # $MARK
EOP
# 256 namespaces one after the other take over 10 s on two busy cores:
# four workers each take every fourth code, one namespace at a time, and
# say on a fifo when they are done (no polling: forks are what costs).
mkfifo done.fifo
exec 9<>done.fifo
workers=4
for w in $(seq 0 $((workers - 1))); do
	(
		for n in $(seq "$w" "$workers" 255); do
			CODE=$n unshare --pid --fork --mount-proc --kill-child \
			    "$MUSTER" start --socket off >"out.$n" 2>"err.$n" </dev/null 9>&-
			echo "$n $?" >>"status.$w"
		done
		echo "worker $w done" >done.fifo
	) &
	pids="${pids:-} $!"
done
end=$(($(now_ms) + 90000))
for w in $(seq "$workers"); do
	left=$(((end - $(now_ms)) / 1000))
	if [ "$left" -le 0 ] || ! read -r -t "$left" -u 9 _; then
		# shellcheck disable=SC2086 # a list of pids
		kill $pids 2>/dev/null
		fail "timed out after 90 s: $(cat status.* | wc -l) of 256 runs done"
	fi
done
wait
exec 9>&-
# Each run: its status, and in its output the code's exit and the
# sibling's stop.
bad=$(cat status.* | awk '$1 != $2 { print "code " $1 ": exit status " $2 }')
[ -z "$bad" ] || fail "$(echo "$bad" | head -n 10)"
bad=$(awk '
	FNR == 1 { n = substr(FILENAME, 5) + 0; seen[n] = 1 }
	$0 ~ "code\\.1 +\\| exited with code " n "$" { code[n] = 1 }
	/system +\| sending SIGTERM to sleep\.1 \(pid [0-9]+\)$/ { stop[n] = 1 }
	/sleep\.1 +\| killed by SIGTERM$/ { killed[n] = 1 }
	END {
		for (i = 0; i < 256; i++)
			if (!seen[i] || !code[i] || !stop[i] || !killed[i])
				print "out." i ": exit", code[i] + 0, "stop",
				    stop[i] + 0, "killed", killed[i] + 0
	}' out.*)
[ -z "$bad" ] || fail "$(echo "$bad" | head -n 10)"
errs=$(cat err.*)
assert_eq "" "$errs" "stderr of the runs"
assert_eq "" "$(marked_procs)" "processes left"
exit 0
