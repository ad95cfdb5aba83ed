# Fish completion for muster(1): commands, options and their values, the
# process names of the Procfile (-f/--procfile on the line, else
# $MUSTER_PROCFILE, else ./Procfile), formation items and export formats,
# and for the commands that control a running app (status, restart...)
# the instances and types that `muster status` lists (connect: the
# instances).

# Prints what the tokens before the cursor say, one a line: the command
# word (empty when none yet), the number of its operands, the Procfile,
# 1 when options still count there (0 after -- or run's command), then
# the options that find the running app (-f, --socket, --config), if any.
function __muster_parse
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmd ''
    set -l procfile ''
    set -l locate
    set -l ops 0
    set -l opts 1
    # Short options that take a value: after logs -f follows and -n takes
    # a count, after kill -s takes a signal.
    set -l shorts femcptdau
    set -l n (count $tokens)
    set -l i 0
    while test $i -lt $n
        set i (math $i + 1)
        set -l w $tokens[$i]
        if test $opts -eq 0
            set ops (math $ops + 1)
            continue
        end
        switch $w
            case --
                set opts 0
                test -z "$cmd"; and set cmd start
            case '--procfile=*'
                set procfile (string replace -- --procfile= '' $w)
            case '--socket=*' '--config=*'
                set locate $locate (string split -m 1 -- = $w)
            case '--*=*'
            case --procfile --env --formation --concurrency --port --timeout --root --color --log-format --config --app --user --image --socket --scrollback --detach-key
                set i (math $i + 1)
                test $w = --procfile; and test $i -le $n; and set procfile $tokens[$i]
                if contains -- $w --socket --config; and test $i -le $n
                    set locate $locate $w $tokens[$i]
                end
            case '--*'
            case '-?*'
                # A cluster of short options; one that takes a value takes
                # the rest of the word, else the next word.
                set -l m (string match -r -- "^-[^$shorts]*([$shorts])(.*)\$" $w)
                if set -q m[2]
                    if test -n "$m[3]"
                        test $m[2] = f; and set procfile $m[3]
                    else
                        set i (math $i + 1)
                        test $m[2] = f; and test $i -le $n; and set procfile $tokens[$i]
                    end
                end
            case '*'
                if test -z "$cmd"
                    set cmd $w
                    switch $cmd
                        case logs
                            set shorts emcptdaun
                        case kill
                            set shorts femcptdaus
                    end
                else
                    set ops (math $ops + 1)
                    # run parses no option after its first operand.
                    test $cmd = run; and set opts 0
                end
        end
    end
    set -l given 0
    if test -z "$procfile"
        set procfile Procfile
        set -q MUSTER_PROCFILE; and test -n "$MUSTER_PROCFILE"; and set procfile $MUSTER_PROCFILE
    else
        set given 1
    end
    string replace -r -- '^~(?=/|$)' $HOME $procfile | read procfile
    test $given = 1; and set locate $locate --procfile $procfile
    printf '%s\n' "$cmd" $ops $procfile $opts $locate
end

# __muster_is CMD [N]: true when the command word is CMD and, with N, the
# cursor is on its operand N+1.
function __muster_is
    set -l s (__muster_parse)
    test "$s[1]" = "$argv[1]"; or return 1
    if set -q argv[2]
        test "$s[2]" = $argv[2]
    else
        true
    end
end

function __muster_opts_ok
    set -l s (__muster_parse)
    test "$s[4]" = 1
end

# True while no command word is given (a -- before it means start).
function __muster_needs_command
    set -l s (__muster_parse)
    test -z "$s[1]"
end

# The entry names of the Procfile: NAME: at column 0.
function __muster_procs
    set -l s (__muster_parse)
    test -f "$s[3]" -a -r "$s[3]"; or return 0
    string replace -r '^\x{feff}' '' <$s[3] |
        string match -r '^[A-Za-z0-9_-]+(?=:)' |
        string replace -r '$' \t'Procfile entry'
end

# The instances of the running app and their types, less those given:
# the first column of `muster status` and each name less its .N.  Nothing
# when no muster answers; at most 2 s when one does not.
function __muster_running
    set -l s (__muster_parse)
    set -l locate $s[5..-1]
    set -l given (commandline -opc)
    set -l lines
    if command -q timeout
        set lines (timeout 2 muster $locate status 2>/dev/null </dev/null)
    else
        set lines (command muster $locate status 2>/dev/null </dev/null)
    end
    set -l names
    for line in $lines
        set -l f (string split -n ' ' -- $line)
        set -q f[2]; or continue
        test "$f[1]" = NAME; and continue
        set names $names $f[1] (string match -r -- '^(.+)\.[0-9]+$' $f[1])[2]
    end
    for name in (printf '%s\n' $names | sort -u)
        contains -- $name $given; or printf '%s\tRunning\n' $name
    end
end

# The instances of the running app, for connect.
function __muster_instances
    __muster_running | string match -r -- '^.+\.[0-9]+\t.*$'
end

# start's process names, less those already given.
function __muster_start_procs
    set -l given (commandline -opc)
    for name in (__muster_procs | string replace -r '\t.*' '')
        contains -- $name $given; or printf '%s\tProcfile entry\n' $name
    end
end

# NAME= for the formation item after the last comma of the value.
function __muster_formation
    set -l value (commandline -ct | string replace -r -- '^--(formation|concurrency)=|^-[mc]' '')
    set -l head (string match -r -- '^.*,' $value)
    set -l part (string replace -r -- '^.*,' '' $value)
    string match -q -- '*=*' $part; and return 0
    for name in (__muster_procs | string replace -r '\t.*' '') all
        string match -q -- "*,$name=*" ",$head"; or printf '%s%s=\n' "$head" $name
    end
end

# Files after the last comma of an -e value.
function __muster_env_files
    set -l value (commandline -ct | string replace -r -- '^--env=|^-e' '')
    set -l head (string match -r -- '^.*,' $value)
    set -l part (string replace -r -- '^.*,' '' $value)
    for f in (__fish_complete_path $part | string replace -r '\t.*' '')
        printf '%s%s\n' "$head" $f
    end
end

function __muster_dirs
    __fish_complete_directories (commandline -ct | string replace -r -- '^--root=|^-d' '')
end

complete -c muster -f

# Commands: the first operand, and help's.
complete -c muster -n __muster_needs_command -a start -d "Run the app's processes (the default)"
complete -c muster -n __muster_needs_command -a run -d "Run a one-off command with the app's environment"
complete -c muster -n __muster_needs_command -a check -d 'Validate the Procfile, env files and muster.ini'
complete -c muster -n __muster_needs_command -a export -d 'Write service definitions for another process manager'
complete -c muster -n __muster_needs_command -a status -d 'Show each instance of the running app'
complete -c muster -n __muster_needs_command -a ps -d 'Show each instance of the running app (alias of status)'
complete -c muster -n __muster_needs_command -a restart -d 'Restart instances of the running app'
complete -c muster -n __muster_needs_command -a stop -d 'Stop instances, or the whole app'
complete -c muster -n __muster_needs_command -a kill -d 'Send a signal to instances'
complete -c muster -n __muster_needs_command -a scale -d 'Change how many instances of a type run'
complete -c muster -n __muster_needs_command -a logs -d "Print instances' recent lines, or follow them"
complete -c muster -n __muster_needs_command -a wait -d 'Wait until instances are ready'
complete -c muster -n __muster_needs_command -a connect -d 'Attach this terminal to an instance on a terminal'
complete -c muster -n __muster_needs_command -a version -d "Print muster's version"
complete -c muster -n __muster_needs_command -a help -d "Print the help, or a command's"
complete -c muster -n '__muster_is help 0' -a 'start run check export status ps restart stop kill scale logs wait connect version help'

complete -c muster -n '__muster_is start' -a '(__muster_start_procs)'
complete -c muster -n '__muster_is run 0' -a '(__muster_procs; __fish_complete_command)'
complete -c muster -n '__muster_is run; and not __muster_is run 0' -F
complete -c muster -n '__muster_is export 0' -a 'systemd supervisord runit kubernetes compose' -d Format
complete -c muster -n '__muster_is export 1' -a '(__fish_complete_directories)'
for c in status ps restart stop kill logs wait
    complete -c muster -n "__muster_is $c" -a '(__muster_running)'
end
complete -c muster -n '__muster_is connect 0' -a '(__muster_instances)'

# Options, where they still count.
complete -c muster -n '__muster_opts_ok; and not __muster_is logs' -s f -l procfile -r -F -d 'The Procfile'
complete -c muster -n '__muster_opts_ok; and __muster_is logs' -l procfile -r -F -d 'The Procfile'
complete -c muster -n __muster_opts_ok -s e -l env -x -a '(__muster_env_files)' -d 'Env files, later wins'
complete -c muster -n __muster_opts_ok -s m -l formation -x -a '(__muster_formation)' -d 'Counts, as all=1,web=2'
complete -c muster -n __muster_opts_ok -s c -l concurrency -x -a '(__muster_formation)' -d 'Alias of --formation'
complete -c muster -n __muster_opts_ok -s p -l port -x -d 'Base port'
complete -c muster -n __muster_opts_ok -s t -l timeout -x -d 'Stop timeout in seconds'
complete -c muster -n __muster_opts_ok -s d -l root -x -a '(__muster_dirs)' -d 'Working directory of the processes'
complete -c muster -n __muster_opts_ok -l color -x -a 'auto always never' -d 'When to colour'
complete -c muster -n __muster_opts_ok -l no-color -d 'The same as --color never'
complete -c muster -n __muster_opts_ok -l no-timestamp -d 'Drop the time column'
complete -c muster -n __muster_opts_ok -l no-prefix -d 'Print process lines bare'
complete -c muster -n __muster_opts_ok -l log-format -x -a 'text json' -d 'Output format'
complete -c muster -n __muster_opts_ok -l config -r -F -d 'The muster.ini to read'
complete -c muster -n __muster_opts_ok -l socket -r -F -d 'The control socket, or off'
complete -c muster -n __muster_opts_ok -l scrollback -x -d 'Lines kept per instance for logs'
complete -c muster -n __muster_opts_ok -l tty -d 'Run every type on a terminal'
complete -c muster -n __muster_opts_ok -s v -l version -d 'Print the version'
complete -c muster -n __muster_opts_ok -s h -l help -d 'Print the help'
complete -c muster -n '__muster_opts_ok; and __muster_is export' -s a -l app -x -d 'Application name'
complete -c muster -n '__muster_opts_ok; and __muster_is export' -s u -l user -x -a '(__fish_complete_users)' -d 'User to run as'
complete -c muster -n '__muster_opts_ok; and __muster_is export' -l image -x -d 'Container image'
complete -c muster -n '__muster_opts_ok; and __muster_is status' -l json -d 'One JSON object'
complete -c muster -n '__muster_opts_ok; and __muster_is ps' -l json -d 'One JSON object'
complete -c muster -n '__muster_opts_ok; and __muster_is kill' -s s -x -a 'HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS' -d 'Signal to send (TERM)'
complete -c muster -n '__muster_opts_ok; and __muster_is logs' -s f -d 'Follow new lines'
complete -c muster -n '__muster_opts_ok; and __muster_is logs' -s n -x -d 'How many of the last lines (100)'
complete -c muster -n '__muster_opts_ok; and __muster_is connect' -l detach-key -x -d 'The key that detaches, as ^X'
