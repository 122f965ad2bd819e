#!/bin/bash
# tui.sh: the ncurses viewer, driven inside tmux as a user drives it.
#
# Each case starts cpv in a detached tmux session of a known size on a
# private server, types keys with send-keys and reads the screen with
# capture-pane, polling until the expected text shows (or a timeout: the
# machine may be slow, so waits are generous and nothing is timed).
# Numbers on screen are compared with the text report of the same options.
#
# Skipped (exit 77) when tmux is not installed.

. "$(dirname "$0")/lib.sh"
tl_init
tl_need_cpv

command -v tmux >/dev/null 2>&1 || {
	echo "SKIP: tmux is not installed: the TUI tests need it"
	exit 77
}

# Built without ncursesw, cpv has no viewer: on a terminal it says so
# and prints the -top report, which is all there is to check.
tui_built=yes
"$CPV" -version | grep -q '^viewer: yes' || tui_built=no

data=$top_srcdir/testdata
export TZ=UTC
# Each case sets the viewer's LANG; LC_ALL and LC_CTYPE would override it.
unset LC_ALL LC_CTYPE
WAIT=${TUI_WAIT:-20}		# seconds before a wait gives up
# A server per session: a new session on a server that is still shutting
# down after kill-server can fail ("server exited unexpectedly").
nsock=0
T=(tmux -L "cpv-tui-$$-$nsock" -f /dev/null)
trap '"${T[@]}" kill-server >/dev/null 2>&1; rm -rf "$TL_TMP"' EXIT

# new_server: end the current tmux server and switch to a fresh one.
new_server()
{
	"${T[@]}" kill-server >/dev/null 2>&1
	nsock=$((nsock + 1))
	T=(tmux -L "cpv-tui-$$-$nsock" -f /dev/null)
}

# start COLS ROWS ENV... -- ARGS...: cpv in a new session "t".  The shell
# prints CPV-EXIT=<status> when cpv ends and keeps the pane open.
start()
{
	local cols=$1 rows=$2 envs=() cmd q
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	new_server
	q=$(printf '%q ' "$CPV" "$@")
	cmd="env ${envs[*]} $q; echo CPV-EXIT=\$?; sleep 600"
	"${T[@]}" new-session -d -s t -x "$cols" -y "$rows" "$cmd" ||
		tl_error "tmux cannot start a session"
}

screen()
{
	"${T[@]}" capture-pane -t t -p 2>/dev/null
}

keys()
{
	"${T[@]}" send-keys -t t "$@"
}

# signal_cpv SIG: send SIG to the cpv of this session's pane, and only to
# it (other tests, or another run of this one, may have a cpv running).
signal_cpv()
{
	local shell pid
	if shell=$("${T[@]}" display-message -p -t t '#{pane_pid}') &&
	    pid=$(pgrep -P "$shell" -x cpv) && [ -n "$pid" ]; then
		kill -"$1" "$pid" ||
		    tl_error "cannot send SIG$1 to the viewer ($pid)"
	else
		tl_error "cannot find the viewer's process to send SIG$1"
	fi
}

# wait_for REGEX: until the screen matches (extended regexp); 1 on timeout.
wait_for()
{
	local end=$((SECONDS + WAIT))

	while [ $SECONDS -lt $end ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# check NAME REGEX: a case that passes when the screen shows REGEX.
check()
{
	if wait_for "$2"; then
		tl_pass "$1"
	else
		tl_fail "$1" "wanted /$2/ on the screen:
$(screen)"
	fi
}

# check_not NAME REGEX: after the screen settles, REGEX is not on it.
check_not()
{
	sleep 0.5
	if screen | grep -Eq -- "$2"; then
		tl_fail "$1" "did not want /$2/ on the screen:
$(screen)"
	else
		tl_pass "$1"
	fi
}

# The top table's rows as -top prints them: the bar column (between the
# values and the name, on screens of 100 columns or more) taken out.
top_rows()
{
	screen | sed -n '/^ *flat  flat%   sum%/,$p' | sed '1d' |
	    grep -E '^ +[-0-9.]+[a-zA-Z]* +[-0-9.]+% ' |
	    sed -E 's/%  \[[^]]*\]  /%  /; s/ *$//'
}
# What the bar column adds to a row, in a regexp.
BAR='\[[^]]*\]  '

if [ "$tui_built" = no ]; then
	start 120 40 TERM=xterm-256color LANG=C.UTF-8 -- -nodecount=5 \
	    "$data/cpu.pb.gz"
	check "without the viewer: a note on the terminal" \
	    'the viewer is not built in .*ncursesw'
	check "... and the -top report" '^ +flat +flat% +sum% +cum +cum%'
	check "... and exit status 0" 'CPV-EXIT=0'
	tl_finish
fi

# --- opening: the top table, with -top's rows --------------------------------

start 120 40 TERM=xterm-256color LANG=C.UTF-8 -- "$data/cpu.pb.gz"
check "opens on the top table with the profile's header" \
    '^Type: cpu  Total: 3.24s'
check "the title names the view and the help key" 'cpv: top .*\? help'
"$CPV" -top "$data/cpu.pb.gz" | sed -n '/^ *flat  flat%/,$p' | sed '1d' |
    sed 's/ *$//' >"$TL_TMP/top.txt"
top_rows >"$TL_TMP/screen-top.txt"
n=$(wc -l <"$TL_TMP/screen-top.txt")
if [ "$n" -gt 20 ] && head -n "$n" "$TL_TMP/top.txt" |
    cmp -s - "$TL_TMP/screen-top.txt"; then
	tl_pass "top: the $n rows on screen are -top's"
else
	tl_fail "top: the rows on screen are -top's" "$(head -n "$n" \
	    "$TL_TMP/top.txt" | diff - "$TL_TMP/screen-top.txt" | head)"
fi
check "the selected function's full name is on the bottom line" \
    '^main\.fib *$'
check "... and the key bar below it" '^Enter peek  c tree  i inverted  f flame'
keys j j
check "j moves the selection" '^main\.walkTree *$'
keys k
check "k moves it back" '^main\.hashLoop *$'
keys G
last=$(tail -n 1 "$TL_TMP/top.txt" | sed 's/.*%  //; s/ (.*inline)$//' |
    sed 's/[.()*+?]/\\&/g')
check "G goes to the last row" "^$last *\$"
keys g
check "g goes to the first" '^main\.fib *$'
keys NPage
check_not "PgDn scrolls the table" '^ +0\.70s 21\.60% 21\.60% '
keys PPage
check "PgUp scrolls back" '^ +0\.70s 21\.60% 21\.60% '
# sort_column: the header text drawn on the sort column's background
# (foreground changes dropped: tmux may move them into the spaces)
sort_column()
{
	"${T[@]}" capture-pane -t t -p -e 2>/dev/null |
	    grep -E '^.*flat.*flat%.*sum%' | head -n 1 |
	    sed 's/\x1b\[3[0-9;]*m//g' |
	    sed -n 's/.*\x1b\[48;5;75m\([^\x1b]*\).*/\1/p' | sed 's/^ *//; s/ *$//'
}
check_sort_column() # NAME WANT
{
	local got end=$((SECONDS + WAIT))

	while [ $SECONDS -lt $end ]; do
		got=$(sort_column)
		[ "$got" = "$2" ] && break
		sleep 0.1
	done
	if [ "$got" = "$2" ]; then
		tl_pass "$1"
	else
		tl_fail "$1" "the header's sort column is '$got', not '$2'"
	fi
}
check_sort_column "the flat column's header stands out" flat
keys o
check "o sorts by cum" 'sorted by cum'
check "... with -top -cum's first row" \
    "^ +0 +0% +0% +3\.10s 95\.68%  ($BAR)?runtime\.main"
check_sort_column "... and the cum column's header stands out" cum
check "... and its bar full: the bars are scaled to the largest cum" \
    '95\.68%  \[░{10}\]  runtime\.main'
keys o
check "o again sorts by name" 'sorted by name'
check_sort_column "... and the name column's" "name (sorted)"
keys o
check "o again is flat" 'sorted by flat'
keys g
check "a bar shows each row's flat, in eighths of a cell" \
    '21\.60%  \[██▎ {7}\]  main\.fib'
check "... and the rest of its cum, shaded" \
    '30\.56%  \[██▏░ {6}\]  main\.hashLoop'
keys b
check "b hides the bars" '21\.60%  main\.fib'
keys b
check "... and shows them again" '21\.60%  \[██▎ {7}\]  main\.fib'

# --- the call tree and the inverted tree -----------------------------------

keys g j j c
check "c opens the call tree" 'cpv: call tree'
check "... with its own key bar" '^Right open  Left close  e hot path'
check "... rooted at runtime.main, with its cum" \
    '^ +3\.10s 95\.68% +0 +0%  .+ runtime\.main'
check "... opened down to the selected function" \
    '0\.55s 16\.98% .*main\.walkTree'
keys Left
check "Left on a leaf goes to its parent" '^main\.compute\.func3 *$'
keys Left
check "Left on an open node collapses it" \
    '0\.55s 16\.98% .*▸ main\.compute\.func3'
keys Right
check "Right expands it again" '▾ main\.compute\.func3'
keys g E
check_not "E collapses everything" 'main\.compute\.func1'
keys e
check "e expands the hottest path" '└─▾ main\.runFor'
keys i
check "i opens the inverted tree" 'cpv: inverted tree'
check "... where the selection is spread over every path, it says so" \
    'runtime\.main is spread over many call paths'
keys g
check "... its roots are the leaves, by flat" \
    '^ +0\.70s 21\.60% .*main\.fib'
keys Escape
check "Esc goes back to the call tree" 'cpv: call tree'
keys Escape
check "Esc again goes back to the top table" 'cpv: top'

# --- peek ------------------------------------------------------------------

keys g j j p
check "p opens peek on the selection" 'cpv: peek  1 callers, 1 callees'
"$CPV" -peek='^main\.walkTree$' "$data/cpu.pb.gz" |
    grep -E '\| +(main|runtime)\.' | sed 's/ *$//' >"$TL_TMP/peek.txt"
screen | grep -E '\| +(main|runtime)\.' | sed 's/ *$//' \
    >"$TL_TMP/screen-peek.txt"
if [ -s "$TL_TMP/peek.txt" ] &&
    cmp -s "$TL_TMP/peek.txt" "$TL_TMP/screen-peek.txt"; then
	tl_pass "peek: the caller and callee values are -peek's"
else
	tl_fail "peek: the caller and callee values are -peek's" \
	    "$(diff "$TL_TMP/peek.txt" "$TL_TMP/screen-peek.txt")"
fi
keys Down Enter
check "Enter on a callee moves there" '^runtime\.asyncPreempt *$'
keys Escape
check "Esc comes back along the way" '^main\.walkTree *$'

# --- flame graph -----------------------------------------------------------

keys f
check "f opens the flame graph" 'cpv: flame graph'
check "... with the total at the root" '^all'
check "... the selection carried over" '^main\.walkTree *$'
keys Down
check "Down moves towards the root" '^main\.compute\.func3 *$'
keys Enter
check "Enter zooms in" 'zoom 1'
keys Escape
check_not "Esc zooms out" 'zoom 1'
keys y
check "y flips it to an icicle" '\(icicle\)'
keys / 'fib' Enter
check "search shows the matched share" 'matched: 21\.60% of total'
keys x
check "x roots it at the leaves" 'rooted at the leaves'
keys Escape Escape

# --- search, filters, options ----------------------------------------------

keys t
check "t returns to the top table" 'cpv: top'
keys / 'walkTree' Enter
check "/ finds a function" '^main\.walkTree *$'
keys / '(*T).Method' Enter
check "a pattern that is not a regexp is searched literally" \
    'no match for \(\*T\)\.Method'
keys g / 'main\.' Enter
check "a search goes to the next match" '^main\.hashLoop *$'
keys n
check "n finds the one after" '^main\.walkTree *$'
keys N
check "N the one before" '^main\.hashLoop *$'
keys g F
check "F focuses on the selected function" \
    'Filters: focus=\^main\\\.fib\$'
check "... and the table shows what is left" \
    "^ +700ms 21\\.60% 21\\.60% +700ms 21\\.60%  ($BAR)?main\\.fib"
keys u
check "u undoes it" 'Filters: none'
check "... with the table as it was (the kept query)" \
    "^ +0\\.70s 21\\.60% 21\\.60% +0\\.70s 21\\.60%  ($BAR)?main\\.fib"
check "... and the header's total" '^Type: cpu  Total: 3\.24s'
keys j I
check "I ignores the selected function" 'Filters: ignore=\^main\\\.hashLoop\$'
keys g H
check "H hides one more, stacking" 'hide=\^main\\\.fib\$'
keys u
check "u undoes the last one (the kept query)" \
    'Filters: ignore=\^main\\\.hashLoop\$ *$'
keys u
check "u twice undoes both" 'Filters: none'
keys g
check "... with the table as it was" \
    "^ +0\\.65s 20\\.06% 41\\.67% +0\\.99s 30\\.56%  ($BAR)?main\\.hashLoop"
keys d
check "d changes the granularity" 'Granularity: filefunctions'
keys d
check "d again: files" 'Granularity: files'
keys u u '%'
check "% makes percentages relative" 'Relative %'
keys u

# --- the command line ------------------------------------------------------

keys : 'focus=hash' Enter
check ":focus= sets a filter" 'Filters: focus=hash'
keys : 'focus=' Enter
check ":focus= with no value clears it" 'Filters: none'
keys : 'focus=(' Enter
check "a bad regexp is one line of error" 'missing closing parenthesis'
check "... and the options stay as they were" 'Filters: none'
keys : 'bogus' Enter
check "an unknown command is an error" 'unknown command: bogus'
keys : 'top 5 -cum' Enter
check ":top 5 -cum limits and sorts the table" '5 of 78 nodes, sorted by cum'
keys : Up
check "Up recalls the history" '^:top 5 -cum'
keys C-u 'reset' Enter
check ":reset goes back to the command line's options" \
    '65 of 78 nodes, sorted by flat'
keys : 'peek hashLoop' Enter
check ":peek REGEX opens peek on the match" 'cpv: peek .*'
check "... on main.hashLoop" '^main\.hashLoop *$'
keys : 'granularity=lines' Enter
check ":granularity=lines" 'Granularity: lines'
keys : 'nodecount=3' Enter
keys t
check ":nodecount=3" '3 of [0-9]+ nodes'
keys '?'
check "? shows the keys" '^Views'
keys Escape q
check "q quits with status 0" 'CPV-EXIT=0'

# --- source and labels -------------------------------------------------------

start 120 40 TERM=xterm-256color LANG=C.UTF-8 -- \
    -source_path="$data/gen" -trim_path=cpvgen "$data/cpu.pb.gz"
check "started with a source path" 'cpv: top'
keys l
check "l opens the source of the selected function" \
    'cpv: source  main\.fib: 1 routine'
"$CPV" -list='^main\.fib$' -source_path="$data/gen" -trim_path=cpvgen \
    "$data/cpu.pb.gz" | grep -E '^ +[0-9.]+m?s +[0-9.]+m?s +[0-9]+:' |
    awk '{ sub(":.*", "", $3); print $1, $2, $3 }' >"$TL_TMP/list.txt"
screen | grep -E '^ +[0-9.]+m?s +[0-9.]+m?s +[0-9]+ ' |
    awk '{ print $1, $2, $3 }' >"$TL_TMP/screen-list.txt"
if [ -s "$TL_TMP/list.txt" ] &&
    cmp -s "$TL_TMP/list.txt" "$TL_TMP/screen-list.txt"; then
	tl_pass "source: the hot lines' values are -list's"
else
	tl_fail "source: the hot lines' values are -list's" \
	    "$(diff "$TL_TMP/list.txt" "$TL_TMP/screen-list.txt")"
fi
check "... the hot line's code is there" '270ms +270ms +53 +return n'
keys Enter
check "Enter goes to the next line with samples" \
    '^main\.fib *$'
keys q

start 120 40 TERM=xterm-256color LANG=C.UTF-8 -- "$data/labels.pb.gz"
check "a profile without its sources" 'cpv: top'
keys l
# The message wraps with the length of the current directory's path:
# match words that stay on one line.
check "the source view says where it looked and what to set" \
    'source of cpvgen/labels/main\.go not found; tried'
check "... and which flag to set" '-source_path'
keys T
check "T opens the labels, with -tags' numbers" \
    '980\.0ms +58\.68% +compile'
keys j Enter
check "Enter on a value focuses on it" 'Filters: tagfocus=phase=\^compile\$'
check "... and the weights are of what is left" \
    '980\.0ms +100% +compile'
keys u
check "u undoes it" 'Filters: none'
keys g Enter
check "Enter on a key folds it" '▸ phase'
keys q

# --- mouse -------------------------------------------------------------------

start 100 30 TERM=xterm-256color LANG=C.UTF-8 -- "$data/cpu.pb.gz"
check "started for the mouse" 'cpv: top'
# SGR mouse reports, as xterm sends them: a click on screen row 9 (the
# fifth row of the table, under its header), then the wheel down
keys -l $'\e[<0;20;9M'
keys -l $'\e[<0;20;9m'
check "a click selects the row under it" '^runtime\.asyncPreempt *$'
keys -l $'\e[<65;20;9M'
check "the wheel moves the selection" '^runtime\.memmove *$'
# a click on the table's header selects nothing
keys -l $'\e[<0;20;4M'
keys -l $'\e[<0;20;4m'
check_not "a click on the header moves nothing" '^main\.fib *$'
keys q

# --- sample types ----------------------------------------------------------

start 120 30 TERM=xterm-256color LANG=C.UTF-8 -- "$data/heap.pb.gz"
check "a heap profile opens on inuse_space" 'Type: inuse_space'
keys s
check "s switches the sample type" 'Type: alloc_objects'
keys s s
check "s cycles through them" 'Type: inuse_objects'
keys q
check "quit" 'CPV-EXIT=0'

# --- diff ------------------------------------------------------------------

start 120 30 TERM=xterm-256color LANG=C.UTF-8 -- \
    -diff_base="$data/cpu.pb.gz" "$data/cpu_after.pb.gz"
check "a diff says how it is coloured" 'Diff: red grew, green shrank'
diff_first=$("$CPV" -top -diff_base="$data/cpu.pb.gz" \
    "$data/cpu_after.pb.gz" | sed -n '/^ *flat  flat%/{n;p;}' |
    sed 's/ *$//')
diff_vals=$(printf '%s' "$diff_first" | sed -E 's/^(( +[^ ]+){5})  .*/\1/')
diff_name=${diff_first#"$diff_vals  "}
check "... with -top's signed values" "^$(printf '%s' "$diff_vals" |
    sed 's/[.()*+?]/\\&/g')  ($BAR)?$(printf '%s' "$diff_name" |
    sed 's/[.()*+?]/\\&/g')"
keys f
check "... and a flame graph of the changes" 'cpv: flame graph'
keys q

# the colour that the pane's first row matching $1 has where $2 begins
colour_at()
{
	"${T[@]}" capture-pane -t t -p -e 2>/dev/null | grep -E "$1" |
	    head -n 1 | sed "s/$2.*//" | grep -o $'\e\[[0-9;]*m' | tail -n 1
}
start 120 40 TERM=xterm-256color LANG=C.UTF-8 -- \
    -diff_base="$data/cpu.pb.gz" "$data/cpu_after.pb.gz"
keys c e
check "a diff's call tree" 'main\.compute\.func5'
check "... shows a context whose changes cancel out" \
    '^ +0 +0% +0 +0% .*main\.compute\.func5'
if [ "$(colour_at 'main\.compute\.func5' 'main\.compute\.func5')" = \
    $'\e[38;5;244m' ] &&
    [ "$(colour_at 'main\.compute\.func1' 'main\.compute\.func1')" != \
    $'\e[38;5;244m' ]; then
	tl_pass "... dim, and the others not"
else
	tl_fail "... dim, and the others not" "$(colour_at \
	    'main\.compute\.func5' 'main\.compute\.func5' | od -c | head -n 2)"
fi
keys q

start 120 30 TERM=xterm-256color LANG=C.UTF-8 -- \
    -diff_base="$data/cpu.pb.gz" "$data/cpu.pb.gz"
check "a diff without change says so" \
    'no change: the profile and its base are the same'
keys q

# --- memory warmed while the viewer waits for the first key ----------------

# wait_log PATTERN: until the viewer's CPV_UI_LOG has a line matching it
wait_log()
{
	local end=$((SECONDS + WAIT))

	until grep -qE "$1" "$TL_TMP/ui.log" 2>/dev/null; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}
# 30,000 stacks of 10 to 30 frames over 150,000 functions: the first
# focus would take thousands of fresh pages, and takes almost none
awk 'BEGIN { srand(7); for (s = 0; s < 30000; s++) { d = 10 + int(rand() * 20);
	line = "main"; for (i = 0; i < d; i++)
		line = line ";pkg" int(rand() * 50) ".Func" int(rand() * 3000);
	print line, 1 + int(rand() * 100) } }' >"$TL_TMP/big.folded"
rm -f "$TL_TMP/ui.log"
start 120 40 TERM=xterm-256color LANG=C.UTF-8 CPV_UI_LOG="$TL_TMP/ui.log" \
    -- "$TL_TMP/big.folded"
check "a big profile opens" 'cpv: top'
if ! wait_log '^warmed'; then
	tl_fail "the viewer says when it has warmed its memory" \
	    "no 'warmed' line in CPV_UI_LOG"
elif grep -q '^warmed 0 MB' "$TL_TMP/ui.log"; then
	# a sanitizer's allocator: glibc cannot say how much it holds
	echo "SKIP: the first re-query's page faults (warmed 0 MB)"
else
	tl_pass "the viewer warms its memory while it waits"
	keys F
	check "F focuses" 'Filters: focus='
	wait_log '^key F'
	faults=$(awk '/^key F/ { print $10 }' "$TL_TMP/ui.log")
	if [ "${faults:-99999}" -lt 500 ]; then
		tl_pass "... and the first re-query takes few fresh pages"
	else
		tl_fail "... and the first re-query takes few fresh pages" \
		    "$faults page faults"
	fi
fi
keys q

# --- terminal: sizes, signals, ASCII, colours, stdin -------------------------

start 120 40 TERM=xterm-256color LANG=C.UTF-8 -- "$data/cpu.pb.gz"
check "started" 'cpv: top'
"${T[@]}" resize-window -t t -x 80 -y 24
check "redraws at 80x24" '^ +0\.70s 21\.60% 21\.60%  +0\.70s 21\.60%  main\.fib'
"${T[@]}" resize-window -t t -x 30 -y 8
check "below its minimum size it says so" 'terminal too small'
"${T[@]}" resize-window -t t -x 100 -y 30
check "and comes back when it grows" 'cpv: top'
keys C-c
check "Ctrl-C ends it, status 130" 'CPV-EXIT=130'
check_not "... and the terminal is restored (no viewer left)" 'cpv: top'

start 100 30 TERM=xterm-256color LANG=C.UTF-8 -- "$data/cpu.pb.gz"
check "started again" 'cpv: top'
signal_cpv TERM
check "SIGTERM ends it too" 'CPV-EXIT=130'

start 100 30 TERM=xterm-256color LANG=C.UTF-8 -- "$data/cpu.pb.gz"
check "started once more" 'cpv: top'
signal_cpv SEGV
check "a crash gives the terminal back before dying of its signal" \
    'CPV-EXIT=139'
check_not "... with the viewer gone from the screen" 'cpv: top'

cp "$data/cpu.pb.gz" "$TL_TMP/reload.pb.gz"
start 100 30 TERM=xterm-256color LANG=C.UTF-8 -- "$TL_TMP/reload.pb.gz"
check "a copy of the profile" 'Type: cpu  Total: 3\.24s'
cp "$data/cpu_after.pb.gz" "$TL_TMP/reload.pb.gz"
keys r
check "r reads it again" 'reloaded'
check "... and shows what the file holds now" \
    "Type: cpu  Total: $("$CPV" -top "$data/cpu_after.pb.gz" |
    sed -n 's/.*Total samples = \([^ ]*\) .*/\1/p' | sed 's/\./\\./')"
printf 'garbage' >"$TL_TMP/reload.pb.gz"
keys r
check "a reload that fails says why and keeps the profile" \
    'reload: .*reload\.pb\.gz'
keys q
check "... and quits" 'CPV-EXIT=0'

# --- a profile fetched from a URL: r, R, D, Esc, the header ------------------
# Against tests/httpd on loopback: /grow serves cpu.pb.gz and
# cpu_after.pb.gz in turn, /slowlater answers the first request and then
# keeps every other one waiting until the client goes.
if "$CPV" -version | grep -q '^fetching URLs: yes'; then
	. "$(dirname "$0")/httpd.sh"
	trap '"${T[@]}" kill-server >/dev/null 2>&1; httpd_stop; rm -rf "$TL_TMP"' EXIT
	httpd_start
	url=127.0.0.1:$HTTPD_PORT
	saved=$TL_TMP/saved
	after=$("$CPV" -top "$data/cpu_after.pb.gz" |
	    sed -n 's/.*Total samples = \([^ ]*\) .*/\1/p' | sed 's/\./\\./')

	start 120 30 TERM=xterm-256color LANG=C.UTF-8 PPROF_TMPDIR="$saved" \
	    -- "$url/grow"
	check "a fetched profile opens in the viewer" \
	    'Type: cpu  Total: 3\.24s'
	check "the header names the source and when it was fetched" \
	    "Source: $url/grow  fetched [0-9]{2}:[0-9]{2}:[0-9]{2}"
	keys r
	check "r fetches it again, and says where it is saved" \
	    "fetched at [0-9:]+, saved in $saved/pprof\.cpuburn\.samples\.cpu\.002\.pb\.gz"
	check "... and shows the new profile" "Type: cpu  Total: $after"
	keys D
	check "D: the change since the previous fetch" \
	    'diff vs [0-9]{2}:[0-9]{2}:[0-9]{2}'
	check "... shown as a diff" 'Diff: red grew, green shrank'
	check "... whose total is the change" \
	    "Type: cpu  Total: $("$CPV" -top -diff_base="$data/cpu.pb.gz" \
	    "$data/cpu_after.pb.gz" | sed -n 's/.*Total samples = \([^ ]*\) .*/\1/p' |
	    sed 's/\./\\./')"
	keys D
	check "D again: the latest fetch as it is" 'diff off'
	check "... with its own total" "Type: cpu  Total: $after"
	keys q
	check "... and q quits" 'CPV-EXIT=0'

	start 120 30 TERM=xterm-256color LANG=C.UTF-8 PPROF_TMPDIR="$saved" \
	    -- -refresh=1 "$url/grow"
	check "with -refresh=1" 'Type: cpu'
	keys R
	check "R refreshes every 1s" 'every 1s'
	check "... and shows what changed between fetches" \
	    'Diff: red grew, green shrank'
	keys R
	check "R again stops it" 'refresh off'
	check_not "... and the diff goes with it" 'Diff: red grew'
	keys q

	start 120 30 TERM=xterm-256color LANG=C.UTF-8 PPROF_TMPDIR="$saved" \
	    -- "$url/slowlater?seconds=20"
	check "a CPU profile of 20s opens" 'Type: cpu  Total: 3\.24s'
	keys r
	check "r: the header counts the collection down" \
	    'fetching, 1[0-9]s left \(Esc stops\)'
	keys '?'
	check "... and the screen answers keys meanwhile" 'cpv: help'
	keys Escape
	check "Esc stops the fetch" 'fetch stopped'
	check "... and keeps the view" 'cpv: help'
	check_not "... with nothing in progress" 'fetching,'
	keys Escape
	check "Esc then goes back" 'cpv: top'
	keys r
	check "a second fetch starts" 'fetching,'
	keys q
	check "q quits while it runs" 'CPV-EXIT=0'

	start 100 70 TERM=xterm-256color LANG=C.UTF-8 -- "$data/cpu.pb.gz"
	keys '?'
	check "the help lists R" \
	    'R +fetch the URL again every -refresh seconds'
	check "... and D" 'D +diff against the previous fetch on or off'
	keys R
	check "R on a file says it is for URLs" \
	    'R: only for a profile fetched from a URL'
	keys q

	# the countdown on stderr, on a terminal, before the report
	start 120 30 TERM=xterm-256color LANG=C.UTF-8 PPROF_TMPDIR="$saved" \
	    -- -top -nodecount=3 -seconds=3 "$url"
	check "-seconds on a terminal: a countdown on stderr" \
	    'Please wait\.\.\. \(3s, [123]s left\)'
	check "... that ends as pprof's line" '^Please wait\.\.\. \(3s\) *$'
	check "... then the report" 'Showing top 3 nodes'
	check "... and exit status 0" 'CPV-EXIT=0'
	httpd_stop

	# A real Go service (net/http/pprof), when Go is installed: watch a
	# goroutine leak grow between two fetches.
	gosrv=$TL_TMP/goserver
	if ! command -v go >/dev/null 2>&1; then
		echo "SKIP: go is not installed: no viewer test against net/http/pprof"
	elif ! (cd "$TL_TMP" && HOME=$(getent passwd "$(id -u)" | cut -d: -f6) \
	    GO111MODULE=off go build -o "$gosrv" \
	    "$top_srcdir/testdata/goserver/main.go") >"$TL_TMP/gobuild.log" 2>&1
	then
		tl_fail "go builds testdata/goserver" "$(cat "$TL_TMP/gobuild.log")"
	else
		"$gosrv" "$TL_TMP/goport" 120 </dev/null &
		gopid=$!
		for _ in $(seq 200); do
			[ -s "$TL_TMP/goport" ] && break
			sleep 0.1
		done
		goport=$(cat "$TL_TMP/goport")
		start 120 30 TERM=screen-256color LANG=C PPROF_TMPDIR="$saved" \
		    -- "127.0.0.1:$goport/debug/pprof/goroutine"
		check "Go: a service's goroutines in the viewer" \
		    'Type: goroutine  Total: '
		check_not "... none leaked yet" 'main\.leak'
		for _ in 1 2 3; do
			exec 3<>"/dev/tcp/127.0.0.1/$goport" &&
			    printf 'GET /leak HTTP/1.0\r\n\r\n' >&3 &&
			    cat <&3 >/dev/null
			exec 3>&-
		done
		keys D
		check "D before a refresh: from the next fetch on" \
		    'diff: from the next fetch on'
		keys r
		check "after r, the diff shows the stack that leaked" \
		    'main\.leak'
		check "... as a diff against the first fetch" \
		    'diff vs .*Diff: red grew'
		keys q
		check "... and q quits" 'CPV-EXIT=0'
		kill "$gopid" 2>/dev/null
		wait "$gopid" 2>/dev/null
	fi
else
	echo "SKIP: fetching cases: cpv was built without libcurl"
fi

start 100 30 TERM=vt100 LANG=C -- "$data/cpu.pb.gz"
check "vt100 and the C locale work" 'cpv: top'
check "... with ASCII bars" '30\.56%  \[##- {7}\]  main\.hashLoop'
keys c
# The backquotes are the ASCII tree's corners, not a command.
# shellcheck disable=SC2016
check "... with ASCII tree lines" '`-- main\.main|`-- main\.main|`-- main\.main|`-\- main\.main|`--? main\.main'
keys q

start 80 24 TERM=xterm-256color LANG=C.UTF-8 -- "$data/cpu.pb.gz"
check "at 80 columns the names keep the bars' room" '21\.60%  main\.fib'
keys b
check "... until b shows the bars" '21\.60%  \[██▎ {7}\]  main\.fib'
keys q

start 100 30 TERM=screen-256color NO_COLOR=1 LANG=C.UTF-8 -- \
    "$data/cpu.pb.gz"
check "NO_COLOR works" 'cpv: top'
keys q
for term in xterm tmux-256color; do
	start 100 30 TERM=$term LANG=C.UTF-8 -- "$data/cpu.pb.gz"
	check "TERM=$term works" 'cpv: top'
	keys q
done

new_server
"${T[@]}" new-session -d -s t -x 100 -y 30 \
    "env TERM=xterm LANG=C.UTF-8 $(printf '%q' "$CPV") - <$(printf '%q' \
    "$data/cpu.pb.gz"); echo CPV-EXIT=\$?; sleep 600"
check "a profile from standard input opens with keys from the terminal" \
    'cpv: top'
keys q
check "... and quits" 'CPV-EXIT=0'

# --- hostile names ---------------------------------------------------------

start 100 30 TERM=xterm-256color LANG=C.UTF-8 -- "$data/hostile.pb.gz"
check "a profile with escapes in its names opens" 'cpv: top'
check "... the escapes are shown, not run" '\\x1b'
check "... the screen is where it should be" '^Type: '
check "... and so is the comment under the header" \
    '^comment\\x1b\[2J\\x1b\[H\\x1b\]52;c;'
keys c e
check "... also in the tree" '\\x1b'
keys q

# --- the profile's comments --------------------------------------------------

start 100 24 TERM=xterm-256color LANG=C.UTF-8 -- "$data/synth_cpu.pb.gz"
check "the profile's comments are under the header" \
    '^synthetic cpu profile for cpv  \|  build: webserver v1\.2\.3'
check_not "... but not one starting with #" 'starts with a hash'
check "... and the table below them" '^ +flat  flat%   sum%'
keys q

# --- not a terminal: the report, as before -----------------------------------

# --- Esc stops a long build and leaves the screen as it was ---------------
# 4000 samples of a 1000-frame stack: the engine asks for Esc between its
# stages and every 64k frames, so an Esc typed with the key that
# started the work is seen before the work ends, however fast the machine.
gen=$top_builddir/tests/flood/flood-gen
# (the generator frees nothing before it exits: no leak report under ASan)
if [ -x "$gen" ] && ASAN_OPTIONS=detect_leaks=0 "$gen" output 4000 \
    >"$TL_TMP/deep4k.pb" 2>/dev/null; then
	start 120 30 TERM=xterm-256color LANG=C.UTF-8 -- "$TL_TMP/deep4k.pb"
	check "a profile of deep stacks opens" 'sorted by flat'
	keys d Escape
	check "Esc stops a new granularity's query" 'interrupted'
	check "... and the options stay as they were" \
	    'Granularity: functions'
	keys o Escape
	check "Esc stops the graph of a new sort" 'interrupted'
	check_not "... which stays by flat" 'sorted by cum'
	check "... and the table is still there" 'Function0000'
	keys o
	check "without Esc the sort changes" 'sorted by cum'
	keys q
	check "... and quits" 'CPV-EXIT=0'
else
	tl_fail "tests/flood/flood-gen writes a deep profile" \
	    "$gen failed or is not built (make check builds it)"
fi

new_server
"${T[@]}" new-session -d -s t -x 100 -y 30 \
    "$(printf '%q' "$CPV") $(printf '%q' "$data/cpu.pb.gz") | head -n 1 | \
    sed 's/^/PIPED: /'; sleep 600"
check "output to a pipe, from a terminal, prints the report" \
    '^PIPED: File: cpuburn'
"${T[@]}" kill-server >/dev/null 2>&1

tl_finish
