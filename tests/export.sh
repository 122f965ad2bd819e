#!/usr/bin/env bash
# tests/export.sh: -proto, -folded and -csv.
#
#   proto:NAME   for every export_rt_* case of tests/golden/cases.d/export.cases
#                (go tool pprof -top -relative_percentages FLAGS), write the
#                profile with cpv -proto FLAGS and check that cpv -top of the
#                written file prints what pprof and cpv print on the original
#                (less the "Active filters:" lines): the filters, tag frames
#                and -divide_by are in the file, the other flags are given
#                again when it is read.  With EXPORT_PPROF=1 (and Go
#                installed) go tool pprof -top reads the file too.
#   folded:NAME  cpv -folded against tests/golden/expected_cpv/NAME.folded
#                (cpv's own output, reviewed: pprof has no such report), and
#                against -csv: each leaf's stacks add up to its flat value,
#                each frame's stacks (counted once) to its cum value.
#   csv:NAME     cpv -csv against tests/golden/expected_cpv/NAME.csv, and
#                against -top: same rows, names and percentages.
#
# EXPORT_REGEN=1 rewrites the expected_cpv files instead of comparing them
# (review the diff before committing).  Prints PASS:/FAIL: per case.

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" || exit 99

tl_init
tl_need_cpv

golden=$top_srcdir/tests/golden
expected_cpv=$golden/expected_cpv
testdata=$top_srcdir/testdata
export TZ=UTC LC_ALL=C.UTF-8

# cpv, run from testdata/ as the golden tests run it.
cpv()
{
	(cd "$testdata" && exec "$CPV" "$@") </dev/null
}

# The -top header's filter lines depend on the flags, not on the data.
strip_filters()
{
	awk '/^Active filters:$/ { skip = 1; next }
	    skip && /^   / { next }
	    { skip = 0; print }'
}

# Flags that act on the profile -proto writes; the others are view flags.
baked()
{
	case $1 in
	-focus=*|-ignore=*|-hide=*|-show=*|-show_from=*|-prune_from=*|\
	-tagfocus=*|-tagignore=*|-tagshow=*|-taghide=*|-tagroot=*|\
	-tagleaf=*|-divide_by=*)
		return 0 ;;
	esac
	return 1
}

# ---------------------------------------------------------------- -proto

# proto_case NAME PROFILES FLAGS
proto_case()
{
	local name=$1 x=$TL_TMP/$1.pb.gz detail="" f
	local -a profiles flags pflags=() vflags=()

	read -r -a profiles <<<"$2"
	read -r -a flags <<<"$3"
	for f in "${flags[@]}"; do
		case $f in
		-top|-relative_percentages) continue ;;
		esac
		pflags+=("$f")
		baked "$f" || vflags+=("$f")
	done
	if ! cpv -proto "${pflags[@]}" "${profiles[@]}" >"$x" \
	    2>"$TL_TMP/err"; then
		tl_fail "proto:$name" "cpv -proto failed: $(head -3 "$TL_TMP/err")"
		return
	fi
	if [ "$(head -c 2 "$x" | od -An -tx1 | tr -d ' ')" != 1f8b ] ||
	    ! gzip -t "$x" 2>/dev/null; then
		tl_fail "proto:$name" "output is not gzip data"
		return
	fi
	cpv -top "${vflags[@]}" "$x" >"$TL_TMP/reread" 2>/dev/null
	cpv "${flags[@]}" "${profiles[@]}" 2>/dev/null | strip_filters \
	    >"$TL_TMP/orig"
	if ! cmp -s "$TL_TMP/orig" "$TL_TMP/reread"; then
		detail+="cpv -top ${vflags[*]} of the output differs from the original:"$'\n'
		detail+=$(diff -u "$TL_TMP/orig" "$TL_TMP/reread" | head -15)$'\n'
	fi
	if [ -f "$golden/expected/$name.out" ]; then
		strip_filters <"$golden/expected/$name.out" >"$TL_TMP/pprof"
		if ! cmp -s "$TL_TMP/pprof" "$TL_TMP/reread"; then
			detail+="cpv -top ${vflags[*]} of the output differs from pprof's golden:"$'\n'
			detail+=$(diff -u "$TL_TMP/pprof" "$TL_TMP/reread" | head -15)$'\n'
		fi
		if [ "${EXPORT_PPROF:-0}" = 1 ]; then
			(cd "$TL_TMP" && go tool pprof -top "${vflags[@]}" "$x") \
			    </dev/null >"$TL_TMP/gopprof" 2>/dev/null
			if ! cmp -s "$TL_TMP/pprof" "$TL_TMP/gopprof"; then
				detail+="go tool pprof -top of the output differs:"$'\n'
				detail+=$(diff -u "$TL_TMP/pprof" "$TL_TMP/gopprof" | head -15)$'\n'
			fi
		fi
	else
		detail+="no golden $golden/expected/$name.out"$'\n'
	fi
	detail=${detail%$'\n'}
	if [ -n "$detail" ]; then
		tl_fail "proto:$name" "$detail"
	else
		tl_pass "proto:$name"
	fi
}

while IFS= read -r line; do
	case $line in
	export_rt_*) ;;
	*) continue ;;
	esac
	IFS='|' read -r c_name c_profiles c_flags <<<"$line"
	proto_case "$c_name" "$c_profiles" "$c_flags"
done <"$golden/cases.d/export.cases"

# check NAME CONDITION-STATUS DETAIL
check()
{
	if [ "$2" = 0 ]; then
		tl_pass "$1"
	else
		tl_fail "$1" "$3"
	fi
}

# The same bytes on every run, and with -output.
cpv -proto synth_cpu.pb.gz >"$TL_TMP/a.pb.gz"
cpv -proto synth_cpu.pb.gz >"$TL_TMP/b.pb.gz"
cpv -proto -output="$TL_TMP/c.pb.gz" synth_cpu.pb.gz >"$TL_TMP/stdout"
cmp -s "$TL_TMP/a.pb.gz" "$TL_TMP/b.pb.gz" &&
    cmp -s "$TL_TMP/a.pb.gz" "$TL_TMP/c.pb.gz" && [ ! -s "$TL_TMP/stdout" ]
check proto:deterministic_output $? "two runs or -output differ"

# Writing a written profile again changes nothing a report shows.
cpv -proto -focus=main -tagroot=handler synth_cpu.pb.gz >"$TL_TMP/once.pb.gz"
cpv -proto "$TL_TMP/once.pb.gz" >"$TL_TMP/twice.pb.gz"
cmp -s <(cpv -top -lines "$TL_TMP/once.pb.gz") \
    <(cpv -top -lines "$TL_TMP/twice.pb.gz")
check proto:rewrite $? "-top of a re-written profile differs"

# pprof ignores a negative -divide_by: so does -proto.
cpv -proto -divide_by=-2 synth_cpu.pb.gz >"$TL_TMP/neg.pb.gz"
cmp -s <(cpv -top synth_cpu.pb.gz) <(cpv -top "$TL_TMP/neg.pb.gz")
check proto:negative_divide_by $? "values changed"

# -taghide removes the key from the written samples, and only that key.
cpv -proto -taghide=region synth_cpu.pb.gz >"$TL_TMP/th.pb.gz"
cpv -top -tagfocus=region=eu "$TL_TMP/th.pb.gz" >"$TL_TMP/th.out" \
    2>"$TL_TMP/th.err"
grep -q "TagFocus expression matched no samples" "$TL_TMP/th.err" &&
    cmp -s <(cpv -top -tagfocus=handler=/api/users synth_cpu.pb.gz 2>&1) \
    <(cpv -top -tagfocus=handler=/api/users "$TL_TMP/th.pb.gz" 2>&1)
check proto:taghide_labels $? "region kept or handler lost: $(head -2 "$TL_TMP/th.err")"

# Every sample value is divided, not only the one reported.  (Without
# -nodefraction=0 the "Dropped ... (cum <= N)" cut-off could differ by one:
# it is truncated before -divide_by scales it.)
cpv -proto -divide_by=0.5 heap.pb.gz >"$TL_TMP/div.pb.gz"
cmp -s <(cpv -top -nodefraction=0 -sample_index=alloc_objects -divide_by=0.5 \
    heap.pb.gz) \
    <(cpv -top -nodefraction=0 -sample_index=alloc_objects "$TL_TMP/div.pb.gz")
check proto:divide_all_values $? "alloc_objects not divided"

# A bad filter writes nothing.
cpv -proto -focus='(' synth_cpu.pb.gz >"$TL_TMP/bad.pb.gz" 2>/dev/null
rc=$?
[ "$rc" = 1 ] && [ ! -s "$TL_TMP/bad.pb.gz" ]
check proto:bad_filter $? "exit status $rc or output written"

# ---------------------------------------------------------------- -folded

# compare_expected NAME FILE EXT: FILE against expected_cpv/NAME.EXT;
# prints the problem, if any.
compare_expected()
{
	local want=$expected_cpv/$1.$3

	if [ "${EXPORT_REGEN:-0}" = 1 ]; then
		mkdir -p "$expected_cpv"
		cp "$2" "$want"
	elif [ ! -f "$want" ]; then
		echo "no expected output $want"
	elif ! cmp -s "$want" "$2"; then
		diff -u --label "expected_cpv/$1.$3" --label "cpv" "$want" "$2" |
		    head -20
	fi
}

# The name and inline marker of a -csv row, as -top prints them.
csv_names()
{
	awk 'NR > 1 {
		line = $0
		for (i = 0; i < 6; i++)
			line = substr(line, index(line, ",") + 1)
		inl = line
		sub(/.*,/, "", inl)
		name = substr(line, 1, length(line) - length(inl) - 1)
		if (name ~ /^".*"$/) {
			name = substr(name, 2, length(name) - 2)
			gsub(/""/, "\"", name)
		}
		print name (inl != "" ? " (" inl ")" : "")
	}'
}

# "name flat" or "name cum" per -csv row with a non-zero value (column 1
# or 4), names as -folded writes them; rows with the same name summed.
csv_values()
{
	awk -v col="$1" 'NR > 1 {
		line = $0
		split(line, f, ",")
		for (i = 0; i < 6; i++)
			line = substr(line, index(line, ",") + 1)
		inl = line
		sub(/.*,/, "", inl)
		name = substr(line, 1, length(line) - length(inl) - 1)
		if (name ~ /^".*"$/) {
			name = substr(name, 2, length(name) - 2)
			gsub(/""/, "\"", name)
		}
		v[name] += f[col]
	}
	END { for (n in v) if (v[n] != 0) print n " " v[n] }' | LC_ALL=C sort
}

# From -folded: "leaf sum" (flat) or "frame sum" (cum, once per stack).
folded_values()
{
	awk -v what="$1" '{
		n = split($0, w, " ")
		value = w[n]
		stack = substr($0, 1, length($0) - length(value) - 1)
		nf = split(stack, fr, ";")
		delete seen
		for (i = 1; i <= nf; i++) {
			name = fr[i]
			gsub(/\\x3b/, ";", name)
			gsub(/\\x5c/, "\\", name)
			if (what == "flat" && i < nf)
				continue
			if (name in seen)
				continue
			seen[name] = 1
			v[name] += value
		}
	}
	END { for (n in v) if (v[n] != 0) print n " " v[n] }' | LC_ALL=C sort
}

# EXPORT_PPROF=1: go tool pprof -traces, in the sample type's base unit,
# turned into folded stacks.  pprof prints names raw, so this is not
# used on synth_names.pb.gz, whose names hold control characters.
traces_folded()
{
	local unit

	case $(cpv -csv -nodecount=1 "$@" | awk -F, 'NR == 2 { print $6 }') in
	nanoseconds) unit=ns ;;
	microseconds) unit=us ;;
	bytes) unit=B ;;
	*) unit=minimum ;;
	esac
	(cd "$testdata" && go tool pprof -traces -unit=$unit "$@") \
	    </dev/null 2>/dev/null | awk '
	/^-----------\+/ { flush(); inlab = 1; next }
	inlab && /^ *-?[0-9.]+[A-Za-z]*   / {
		inlab = 0
		val = $1
		sub(/[A-Za-z]+$/, "", val)
		name = $0
		sub(/^ *-?[0-9.]+[A-Za-z]*   /, "", name)
		n = 0
		add(name)
		next
	}
	inlab { next }
	/^             / { add(substr($0, 14)); next }
	function add(s) {
		sub(/ \(inline\)$/, "", s)
		gsub(/;/, "\\x3b", s)
		fr[++n] = s
	}
	function flush(  i, st) {
		if (n == 0)
			return
		st = fr[n]
		for (i = n - 1; i >= 1; i--)
			st = st ";" fr[i]
		sum[st] += val
		n = 0
	}
	END {
		flush()
		for (s in sum)
			if (sum[s] != 0)
				printf "%s %.0f\n", s, sum[s]
	}' | LC_ALL=C sort
}

# folded_case NAME PROFILE FLAGS...
folded_case()
{
	local name=$1 prof=$2 out=$TL_TMP/$1.folded detail mean=0 f
	shift 2

	for f in "$@"; do
		case $f in
		-mean|-divide_by=*) mean=1 ;;
		esac
	done
	if ! cpv -folded "$@" "$prof" >"$out" 2>"$TL_TMP/err"; then
		tl_fail "folded:$name" "cpv -folded failed: $(head -3 "$TL_TMP/err")"
		return
	fi
	detail=$(compare_expected "$name" "$out" folded)
	if ! LC_ALL=C sort -c "$out" 2>/dev/null; then
		detail+=$'\n'"lines are not sorted"
	fi
	if [ -n "$(sed 's/ [^ ]*$//' "$out" | LC_ALL=C sort | uniq -d)" ]; then
		detail+=$'\n'"a stack is printed twice"
	fi
	if [ "$mean" = 0 ]; then
		cpv -csv -nodefraction=0 -nodecount=0 "$@" "$prof" \
		    >"$TL_TMP/all.csv" 2>/dev/null
		if ! cmp -s <(csv_values 1 <"$TL_TMP/all.csv") \
		    <(folded_values flat <"$out"); then
			detail+=$'\n'"leaf sums differ from -csv flat values:"
			detail+=$'\n'$(diff <(csv_values 1 <"$TL_TMP/all.csv") \
			    <(folded_values flat <"$out") | head -8)
		fi
		if ! cmp -s <(csv_values 4 <"$TL_TMP/all.csv") \
		    <(folded_values cum <"$out"); then
			detail+=$'\n'"frame sums differ from -csv cum values:"
			detail+=$'\n'$(diff <(csv_values 4 <"$TL_TMP/all.csv") \
			    <(folded_values cum <"$out") | head -8)
		fi
	fi
	if [ "${EXPORT_PPROF:-0}" = 1 ] && [ "$mean" = 0 ] &&
	    [ "$prof" != synth_names.pb.gz ]; then
		traces_folded "$@" "$prof" >"$TL_TMP/traces.folded"
		if ! cmp -s "$TL_TMP/traces.folded" "$out"; then
			detail+=$'\n'"differs from go tool pprof -traces' stacks:"
			detail+=$'\n'$(diff "$TL_TMP/traces.folded" "$out" |
			    head -8)
		fi
	fi
	detail=${detail#$'\n'}
	if [ -n "$detail" ]; then
		tl_fail "folded:$name" "$detail"
	else
		tl_pass "folded:$name"
	fi
}

folded_case cpu cpu.pb.gz
folded_case cpu_lines cpu.pb.gz -lines
folded_case cpu_noinlines cpu.pb.gz -noinlines
folded_case cpu_focus_fib cpu.pb.gz -focus=fib
folded_case cpu_hide_show_from cpu.pb.gz -hide=runtime -show_from=main\.walk
folded_case labels_tagroot labels.pb.gz -tagroot=phase,worker
folded_case labels_tagleaf labels.pb.gz -tagleaf=worker -tagfocus=phase=parse
folded_case heap_alloc_space heap.pb.gz -sample_index=alloc_space
folded_case heap_mean heap.pb.gz -mean -sample_index=alloc_space
folded_case allocs_files allocs.pb.gz -files
folded_case block block.pb.gz
folded_case mutex_lines mutex.pb.gz -lines
folded_case goroutine goroutine.pb.gz
folded_case synth_cpu synth_cpu.pb.gz
folded_case synth_filefunctions synth_cpu.pb.gz -filefunctions
folded_case synth_addresses synth_cpu.pb.gz -addresses
folded_case synth_prune_from synth_cpu.pb.gz -prune_from=main\.validate
folded_case synth_divide_ms synth_cpu.pb.gz -divide_by=1000000
folded_case synth_merge synth_cpu.pb.gz synth_cpu2.pb.gz
folded_case custom_cost synth_custom.pb.gz -sample_index=cost
folded_case us synth_us.pb.gz
folded_case names synth_names.pb.gz
folded_case names_lines synth_names.pb.gz -lines

# ---------------------------------------------------------------- -csv

# csv_case NAME PROFILE FLAGS...
csv_case()
{
	local name=$1 prof=$2 out=$TL_TMP/$1.csv detail
	shift 2

	if ! cpv -csv "$@" "$prof" >"$out" 2>"$TL_TMP/err"; then
		tl_fail "csv:$name" "cpv -csv failed: $(head -3 "$TL_TMP/err")"
		return
	fi
	detail=$(compare_expected "$name" "$out" csv)
	cpv -top "$@" "$prof" 2>/dev/null |
	    sed -n '/^      flat  flat%   sum%        cum   cum%$/,$p' |
	    tail -n +2 >"$TL_TMP/top"
	if [ "$(head -1 "$out")" != "flat,flat%,sum%,cum,cum%,unit,name,inline" ]; then
		detail+=$'\n'"bad header line: $(head -1 "$out")"
	fi
	# a -top row: five right-aligned columns (wider when a value is),
	# two spaces, the name
	sed -E 's/^ *([^ ]+ +){4}[^ ]+  //' "$TL_TMP/top" >"$TL_TMP/top.names"
	if ! cmp -s "$TL_TMP/top.names" <(csv_names <"$out"); then
		detail+=$'\n'"rows differ from -top's:"
		detail+=$'\n'$(diff "$TL_TMP/top.names" <(csv_names <"$out") |
		    head -8)
	fi
	# percentages: -top's are of |value|, rounded; -csv's are signed
	if ! paste -d '|' <(sed -E 's/^ *(([^ ]+ +){4}[^ ]+)  .*/\1/' \
	    "$TL_TMP/top") <(tail -n +2 "$out") |
	    awk -F'|' '{
		split($1, t, " ")
		split($2, c, ",")
		if (!ok(t[2], c[2]) || !ok(t[3], c[3]) || !ok(t[5], c[5]))
			bad = 1
	    }
	    function ok(top, csv) {
		sub(/%$/, "", top)
		if (csv < 0)
			csv = -csv
		# -top rounds 99.95% to 100.05% to "100%"
		tol = top == 100 ? 0.051 : 0.006
		return top - csv < tol && csv - top < tol
	    }
	    END { exit bad }'; then
		detail+=$'\n'"percentages differ from -top's"
	fi
	detail=${detail#$'\n'}
	if [ -n "$detail" ]; then
		tl_fail "csv:$name" "$detail"
	else
		tl_pass "csv:$name"
	fi
}

csv_case cpu cpu.pb.gz
csv_case cpu_cum_nodecount cpu.pb.gz -cum -nodecount=10
csv_case cpu_lines_focus cpu.pb.gz -lines -focus=hashLoop
csv_case labels_tagroot labels.pb.gz -tagroot=worker
csv_case heap heap.pb.gz
csv_case heap_mean heap.pb.gz -mean -sample_index=alloc_space
csv_case allocs_relative allocs.pb.gz -focus=json -relative_percentages
csv_case goroutine goroutine.pb.gz
csv_case synth_cpu synth_cpu.pb.gz
csv_case synth_divide synth_cpu.pb.gz -divide_by=1000
csv_case synth_addresses synth_cpu.pb.gz -addresses
csv_case custom_cost synth_custom.pb.gz -sample_index=cost
csv_case us synth_us.pb.gz -nodefraction=0
csv_case names synth_names.pb.gz
csv_case names_lines synth_names.pb.gz -lines

tl_finish
