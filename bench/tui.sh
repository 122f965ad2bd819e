#!/usr/bin/env bash
# bench/tui.sh — how fast the viewer answers keys, next to `cpv -top`.
#
# Starts src/cpv on a profile inside a private tmux server, presses a
# sequence of keys and, for each, reports:
#   work   the time cpv spent handling the key and drawing the screen
#          (from its CPV_UI_LOG, so tmux and the shell are not counted);
#   cpu    the CPU time cpv used for the same (what a busy machine
#          inflates least);
#   screen the time from send-keys until capture-pane shows a new screen
#          (what a user sees; includes tmux's and this script's overhead);
#   faults the page faults cpv took for it (fresh memory: on a virtual
#          machine each can cost tens of microseconds);
# and the median wall and CPU time of `cpv -top` on the same profile, with
# each key's work and CPU as ratios of them.  Nothing is asserted: the
# machines are noisy.
#
#   bench/tui.sh [-p PROFILE] [-n RUNS]
#
# Without -p, the profile bench/run.sh generates (bench/genlarge.go, 100k
# samples) is used from its cache, generated if needed (needs Go).

set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CPV=${CPV:-$ROOT/src/cpv}
PROFILE=
RUNS=5
while getopts p:n:h opt; do
	case $opt in
	p) PROFILE=$OPTARG ;;
	n) RUNS=$OPTARG ;;
	*) sed -n '2,20p' "$0"; exit 2 ;;
	esac
done
[ -x "$CPV" ] || { echo "bench/tui.sh: build src/cpv first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/tui.sh: needs /usr/bin/time" >&2; exit 2; }
command -v tmux >/dev/null || { echo "bench/tui.sh: needs tmux" >&2; exit 2; }
if [ -z "$PROFILE" ]; then
	CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}/cpv-bench-$(id -u)}
	# The newest of our own large-N.pb.gz files: plain names, so ls -t.
	# shellcheck disable=SC2012
	PROFILE=$(ls -t "$CACHE"/large-*.pb.gz 2>/dev/null | head -n 1)
	if [ -z "$PROFILE" ]; then
		"$ROOT/bench/run.sh" -n 1 -m 1 -c -top >/dev/null 2>&1
		# shellcheck disable=SC2012
		PROFILE=$(ls -t "$CACHE"/large-*.pb.gz 2>/dev/null | head -n 1)
	fi
	[ -n "$PROFILE" ] || { echo "bench/tui.sh: no profile (-p)" >&2; exit 2; }
fi

tmp=$(mktemp -d)
sock=cpv-bench-tui-$$
T=(tmux -L "$sock" -f /dev/null)
trap '"${T[@]}" kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT

now_ms() { date +%s%3N; }

# cpv -top: median of RUNS, wall and CPU (user + system) time
tops=()
cpus=()
for _ in $(seq "$RUNS"); do
	s=$(now_ms)
	/usr/bin/time -f '%U %S' -o "$tmp/time" "$CPV" -top "$PROFILE" >/dev/null
	tops+=($(( $(now_ms) - s )))
	cpus+=("$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$tmp/time")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
top_ms=$(median "${tops[@]}")
top_cpu=$(median "${cpus[@]}")

"${T[@]}" new-session -d -s t -x 160 -y 48 \
    "CPV_UI_LOG=$tmp/log $(printf '%q %q' "$CPV" "$PROFILE"); sleep 600"
start=$(now_ms)
until "${T[@]}" capture-pane -t t -p | head -n 1 | grep -q 'cpv: top'; do
	sleep 0.01
done
open_ms=$(( $(now_ms) - start ))
# while it waits for the first key, the viewer warms the memory the
# first re-queries take (see ui_warm_plan in src/ui/ui.c): as a user
# reading the first screen would, wait for that (at most 30 s)
end=$(( $(now_ms) + 30000 ))
until grep -q '^warmed' "$tmp/log" 2>/dev/null || [ "$(now_ms)" -ge "$end" ]; do
	sleep 0.01
done
warm_ms=$(( $(now_ms) - start - open_ms ))

# KEY|what it does: each waits for the screen to change
steps=(
	"j|move down (no re-query)"
	"k|move up"
	"NPage|page down"
	"o|sort by cum (re-query)"
	"o|sort by name"
	"o|sort by flat (re-query)"
	"c|open the call tree"
	"e|expand the hottest path"
	"Down|move in the tree"
	"i|open the inverted tree"
	"f|open the flame graph"
	"Up|move in the flame graph"
	"Enter|zoom in"
	"Escape|zoom out"
	"p|open peek"
	"t|back to the top table"
	"F|focus on the selection (re-query)"
	"u|undo it (re-query)"
	"s|next sample type (re-query)"
	"d|next granularity (re-query)"
	"l|open the source view"
)

printf 'profile: %s\n' "$PROFILE"
printf 'cpv -top: %d ms, %d ms CPU (median of %d); the viewer opened in %d ms\n' \
    "$top_ms" "$top_cpu" "$RUNS" "$open_ms"
printf 'and warmed its memory in %d ms more\n\n' "$warm_ms"
printf '%-8s %-34s %8s %8s %8s %7s %7s %7s\n' key what "work ms" "cpu ms" \
    "screen" "x -top" "cpu x" faults
for st in "${steps[@]}"; do
	key=${st%%|*}
	what=${st#*|}
	before=$("${T[@]}" capture-pane -t t -p | md5sum)
	lines=$(wc -l <"$tmp/log" 2>/dev/null || echo 0)
	s=$(now_ms)
	"${T[@]}" send-keys -t t "$key"
	end=$(( s + 60000 ))
	while [ "$("${T[@]}" capture-pane -t t -p | md5sum)" = "$before" ] &&
	    [ "$(now_ms)" -lt "$end" ]; do
		sleep 0.002
	done
	screen=$(( $(now_ms) - s ))
	# the log line of this key is written once its screen is drawn
	while [ "$(wc -l <"$tmp/log" 2>/dev/null || echo 0)" -le "$lines" ] &&
	    [ "$(now_ms)" -lt "$end" ]; do
		sleep 0.002
	done
	line=$(sed -n "$((lines + 1))p" "$tmp/log")
	work=$(awk '{ printf "%.1f", ($4 + $6) / 1000 }' <<<"$line")
	cpu=$(awk '{ printf "%.1f", $8 / 1000 }' <<<"$line")
	faults=$(awk '{ print $10 + 0 }' <<<"$line")
	ratio=$(awk -v w="$work" -v t="$top_ms" \
	    'BEGIN { if (t > 0) printf "%.2f", w / t; else print "-" }')
	cratio=$(awk -v w="$cpu" -v t="$top_cpu" \
	    'BEGIN { if (t > 0) printf "%.2f", w / t; else print "-" }')
	printf '%-8s %-34s %8s %8s %8d %7s %7s %7s\n' "$key" "$what" "$work" \
	    "$cpu" "$screen" "$ratio" "$cratio" "$faults"
done
"${T[@]}" send-keys -t t q
