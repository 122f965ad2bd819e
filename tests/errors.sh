#!/bin/bash
# errors.sh: cpv's own behaviour where it is not pprof's byte for byte:
# bad input and bad flags give exactly one line on stderr naming the file
# or flag, nothing on stdout, and exit status 1 (2 for usage errors);
# plus -output, stdin and the default report.
#
# Prints PASS:/FAIL: per case and "N passed, M failed"; exits 1 on failure.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
CPV=${CPV:-$top_srcdir/src/cpv}
data=$top_srcdir/testdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC
pass=0
fail=0

ok() { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1: $2"; fail=$((fail + 1)); }

# expect_error NAME RC PATTERN -- ARGS...: exit status RC, empty stdout,
# exactly one stderr line (plus the usage hint for rc 2) matching PATTERN.
expect_error() {
	local name=$1 want=$2 pat=$3 rc lines
	shift 4
	"$CPV" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	lines=$(grep -vc '^usage: ' "$tmp/err")
	if [ "$rc" != "$want" ]; then
		bad "$name" "exit status $rc, want $want ($(head -1 "$tmp/err"))"
	elif [ -s "$tmp/out" ]; then
		bad "$name" "wrote to stdout"
	elif [ "$lines" != 1 ]; then
		bad "$name" "$lines error lines: $(tr '\n' '|' <"$tmp/err")"
	elif ! grep -q -- "$pat" "$tmp/err"; then
		bad "$name" "message '$(head -1 "$tmp/err")' lacks '$pat'"
	else
		ok "$name"
	fi
}

printf 'this is not a profile\n' >"$tmp/text.txt"
: >"$tmp/empty.pb"
head -c 1000 "$data/cpu.pb.gz" >"$tmp/trunc.pb.gz"
head -c 300 "$data/synth_cpu.pb" >"$tmp/trunc.pb"
# a gzip stream whose payload is garbage
printf 'garbage that is not protobuf\377\377\377\377' | gzip >"$tmp/garbage.pb.gz"
# corrupt gzip data: keep the header, damage the deflate stream
{ head -c 20 "$data/cpu.pb.gz"; head -c 200 /dev/zero | tr '\0' '\377'; } \
    >"$tmp/corrupt.pb.gz"
mkdir "$tmp/dir.pb"

expect_error missing_file 1 "nonexistent.pb.gz" -- -top "$tmp/nonexistent.pb.gz"
expect_error directory 1 "dir.pb': is a directory" -- -top "$tmp/dir.pb"
expect_error empty_file 1 "empty.pb': empty input" -- -top "$tmp/empty.pb"
expect_error text_file 1 "text.txt': unrecognized profile format" -- -top "$tmp/text.txt"
expect_error truncated_gzip 1 "trunc.pb.gz': gzip: unexpected end" -- -top "$tmp/trunc.pb.gz"
expect_error truncated_raw 1 "trunc.pb': " -- -top "$tmp/trunc.pb"
expect_error garbage_in_gzip 1 "garbage.pb.gz': unrecognized profile format" -- -top "$tmp/garbage.pb.gz"
expect_error corrupt_gzip 1 "corrupt.pb.gz': gzip: " -- -top "$tmp/corrupt.pb.gz"
expect_error second_file_bad 1 "text.txt'" -- -top "$data/cpu.pb.gz" "$tmp/text.txt"
expect_error unknown_flag 2 "flag provided but not defined: -nosuchflag" -- -top -nosuchflag "$data/cpu.pb.gz"
expect_error two_formats 2 "must set at most one output format" -- -top -text "$data/cpu.pb.gz"
expect_error bad_int 2 'invalid value "abc" for flag -nodecount' -- -top -nodecount=abc "$data/cpu.pb.gz"
expect_error bad_bool 2 'invalid boolean value "maybe" for -cum' -- -top -cum=maybe "$data/cpu.pb.gz"
expect_error missing_value 2 "flag needs an argument: -focus" -- -top -focus
expect_error conflicting_sort 2 "conflicting options set: \[cum flat\]" -- -top -flat -cum "$data/cpu.pb.gz"
expect_error conflicting_granularity 2 "conflicting options set: \[files lines\]" -- -top -lines -files "$data/cpu.pb.gz"
expect_error no_profile 2 "no profile given" -- -top
# Mistakes with a hint: a flag after the profiles, a profile taken as a
# flag's value, a URL, and go tool pprof's flags that cpv does not have.
expect_error flag_after_profile 2 "'-top' after the profiles: flags go before them" -- "$data/cpu.pb.gz" -top
expect_error flag_value_after_profile 2 "'-nodecount=3' after the profiles" -- -top "$data/cpu.pb.gz" -nodecount=3
expect_error flag_after_missing_profile 2 "'-top' after the profiles" -- go.pb.gz -top
expect_error dashdash_flag_is_a_file 1 "'-top': cannot open" -- -top -- "$data/cpu.pb.gz" -top
expect_error profile_taken_as_value 2 "no profile given: -peek took '.*cpu.pb.gz' as its value (write -peek=VALUE, then the profile)" -- -peek "$data/cpu.pb.gz"
expect_error profile_taken_by_focus 2 "no profile given: -focus took 'main' as its value" -- -top -focus main
# (fetching itself is tests/fetch.sh's)
expect_error url_scheme 1 "'ftp://localhost/x': \(cannot fetch 'ftp' URLs\|cpv was built without libcurl\)" -- -top ftp://localhost/x
expect_error url_base 1 "'ftp://localhost/base': \(cannot fetch 'ftp' URLs\|cpv was built without libcurl\)" -- -top -base=ftp://localhost/base "$data/cpu.pb.gz"
for f in http=:8080 no_browser web weblist \
    topproto gif kcachegrind; do
	expect_error "pprof_only_${f%%=*}" 2 "^cpv: -${f%%=*} is go tool pprof's: cpv [a-z]" -- -$f "$data/cpu.pb.gz"
done
expect_error bad_focus 1 "parsing focus regexp: .*'('" -- -top -focus='(' "$data/cpu.pb.gz"
expect_error bad_ignore 1 "parsing ignore regexp" -- -top -ignore='[a' "$data/cpu.pb.gz"
expect_error bad_tagfocus 1 "parsing tagfocus regexp" -- -top -tagfocus='x=(' "$data/labels.pb.gz"
expect_error bad_sample_index 1 'sample_index "bogus" must be one of: \[samples cpu\]' -- -top -sample_index=bogus "$data/cpu.pb.gz"
expect_error sample_index_range 1 "sample_index 7 is outside the range \[0..1\]" -- -top -sample_index=7 "$data/cpu.pb.gz"
expect_error zero_divisor 1 "zero divisor specified" -- -top -divide_by=0 "$data/cpu.pb.gz"
expect_error incompatible_merge 1 "cannot merge profiles: incompatible" -- -top "$data/cpu.pb.gz" "$data/heap.pb.gz"
expect_error base_and_diff_base 2 "-base and -diff_base flags cannot both be specified" -- -top -base="$data/cpu.pb.gz" -diff_base="$data/cpu.pb.gz" "$data/cpu.pb.gz"
expect_error normalize_without_base 2 "must have base profile to normalize by" -- -top -normalize -base= "$data/cpu.pb.gz"
expect_error incompatible_base 1 "incompatible period types" -- -top -base="$data/heap.pb.gz" "$data/cpu.pb.gz"
expect_error normalize_other_units 1 "incompatible sample types" -- -top -diff_base="$data/synth_us.pb.gz" -normalize "$data/block.pb.gz"
expect_error unwritable_output 1 "cannot create" -- -top -output="$tmp/no/such/dir/out.txt" "$data/cpu.pb.gz"
# a control character in a file name is shown escaped
expect_error escaped_name 1 "bad\\\\x1b\\[2Jname" -- -top "$tmp/bad$(printf '\033')[2Jname"

# The same report three ways: -top, no report flag, -output, stdin.
"$CPV" -top "$data/cpu.pb.gz" >"$tmp/top.txt" 2>/dev/null
# No report flag and the profile on standard input (so no commands can
# come from there): the -top report.
"$CPV" - <"$data/cpu.pb.gz" >"$tmp/default.txt" 2>/dev/null
if cmp -s "$tmp/top.txt" "$tmp/default.txt"; then ok default_is_top; else bad default_is_top "differs from -top"; fi
"$CPV" -top -output "$tmp/o.txt" "$data/cpu.pb.gz" >"$tmp/stdout.txt" 2>/dev/null
if cmp -s "$tmp/top.txt" "$tmp/o.txt" && [ ! -s "$tmp/stdout.txt" ]; then ok output_file; else bad output_file "file differs or stdout not empty"; fi
"$CPV" -top -output="$tmp/o2.txt" "$data/cpu.pb.gz" >/dev/null 2>&1
if cmp -s "$tmp/top.txt" "$tmp/o2.txt"; then ok output_file_eq; else bad output_file_eq "differs"; fi
"$CPV" -top - <"$data/cpu.pb.gz" >"$tmp/stdin.txt" 2>/dev/null
if cmp -s "$tmp/top.txt" "$tmp/stdin.txt"; then ok stdin; else bad stdin "differs from file"; fi
"$CPV" -top -- "$data/cpu.pb.gz" >"$tmp/dd.txt" 2>/dev/null
if cmp -s "$tmp/top.txt" "$tmp/dd.txt"; then ok double_dash; else bad double_dash "differs"; fi
# The shell (commands on standard input): ">file" and output= write the
# report where -top -output would, with only prompts on stdout.
"$CPV" -top -compact_labels -nodecount=10 "$data/cpu.pb.gz" >"$tmp/top10.txt" 2>/dev/null
printf 'top >%s\n' "$tmp/sh1.txt" | "$CPV" "$data/cpu.pb.gz" >"$tmp/stdout.txt" 2>"$tmp/err"
if cmp -s "$tmp/top10.txt" "$tmp/sh1.txt" && [ "$(cat "$tmp/stdout.txt")" = "(pprof) (pprof) " ] &&
    grep -q "^Generating report in $tmp/sh1.txt\$" "$tmp/err"; then
	ok shell_redirect
else
	bad shell_redirect "file differs, or stdout has more than prompts"
fi
printf 'output=%s\ntop3\ntop\n' "$tmp/sh2.txt" | "$CPV" "$data/cpu.pb.gz" >"$tmp/stdout.txt" 2>/dev/null
if cmp -s "$tmp/top10.txt" "$tmp/sh2.txt" && [ "$(cat "$tmp/stdout.txt")" = "(pprof) (pprof) (pprof) (pprof) " ]; then
	ok shell_output_option
else
	bad shell_output_option "file differs, or stdout has more than prompts"
fi
# Binary reports never go to standard output: each lands in a new
# profileNNN file of the current directory, as pprof's do.
mkdir "$tmp/shp"
"$CPV" -proto -output="$tmp/p.pb.gz" "$data/cpu.pb.gz" >/dev/null 2>&1
(cd "$tmp/shp" && printf 'proto\nproto\n' | "$CPV" "$data/cpu.pb.gz" >out.txt 2>err.txt)
if cmp -s "$tmp/p.pb.gz" "$tmp/shp/profile001.pb.gz" && cmp -s "$tmp/p.pb.gz" "$tmp/shp/profile002.pb.gz" &&
    [ "$(cat "$tmp/shp/out.txt")" = "(pprof) (pprof) (pprof) " ] &&
    [ "$(grep -c '^Generating report in profile00[12].pb.gz$' "$tmp/shp/err.txt")" = 2 ]; then
	ok shell_temp_files
else
	bad shell_temp_files "no profile001.pb.gz and profile002.pb.gz like -proto's"
fi
# A bad regexp fails that command only: no report, a message, exit 0.
printf 'focus=(\ntop\nfocus=\ntop 3 ([\n' | "$CPV" "$data/cpu.pb.gz" >"$tmp/stdout.txt" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && [ "$(cat "$tmp/stdout.txt")" = "(pprof) (pprof) (pprof) (pprof) (pprof) " ] &&
    [ "$(grep -c '^parsing focus regexp: ' "$tmp/err")" = 2 ]; then
	ok shell_bad_regexp
else
	bad shell_bad_regexp "exit status $rc, or output: $(tr '\n' '|' <"$tmp/err")"
fi
# Every report is a shell command: folded and csv print what -folded and
# -csv print, and help lists them but not pprof's commands cpv does not run.
"$CPV" -folded -focus=json "$data/synth_cpu.pb.gz" >"$tmp/folded.txt" 2>/dev/null
"$CPV" -csv -cum -nodecount=4 "$data/synth_cpu.pb.gz" >"$tmp/csv.txt" 2>/dev/null
printf 'folded json >%s\ncsv 4 -cum >%s\nhelp\n' "$tmp/sh-folded.txt" "$tmp/sh-csv.txt" |
    "$CPV" "$data/synth_cpu.pb.gz" >/dev/null 2>"$tmp/err"
if [ -s "$tmp/folded.txt" ] && cmp -s "$tmp/folded.txt" "$tmp/sh-folded.txt" &&
    [ -s "$tmp/csv.txt" ] && cmp -s "$tmp/csv.txt" "$tmp/sh-csv.txt"; then
	ok shell_folded_csv
else
	bad shell_folded_csv "the shell's folded or csv differs from -folded or -csv"
fi
if grep -q '^    folded  ' "$tmp/err" && grep -q '^    csv  ' "$tmp/err" &&
    grep -q '^    disasm  ' "$tmp/err" &&
    ! grep -Eq '^    (web|gif|topproto) ' "$tmp/err"; then
	ok shell_help_lists_what_runs
else
	bad shell_help_lists_what_runs "$(grep '^    [a-z]' "$tmp/err" | tr -s ' ' | tr '\n' '|')"
fi
# Write errors in the shell: on standard output it stops with a message,
# to a file it says so and goes on; either way the exit status is 1.
if [ -w /dev/full ]; then
	printf 'top\ntop\n' | "$CPV" "$data/cpu.pb.gz" >/dev/full 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 1 ] &&
	    grep -q "^cpv: '(standard output)': write error: No space left on device\$" "$tmp/err"; then
		ok shell_stdout_write_error
	else
		bad shell_stdout_write_error "exit status $rc: $(tr '\n' '|' <"$tmp/err")"
	fi
	printf 'top >/dev/full\ntop 3\n' | "$CPV" "$data/cpu.pb.gz" >"$tmp/stdout.txt" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 1 ] && grep -q '^write /dev/full: no space left on device$' "$tmp/err" &&
	    grep -q 'flat%' "$tmp/stdout.txt"; then
		ok shell_redirect_write_error
	else
		bad shell_redirect_write_error "exit status $rc: $(tr '\n' '|' <"$tmp/err")"
	fi
else
	echo "SKIP: shell write errors (no /dev/full)"
fi
if "$CPV" -help | grep -q -- '-nodecount' && "$CPV" -h >/dev/null; then ok help; else bad help "no help text"; fi
if "$CPV" -version | grep -q '^cpv '; then ok version; else bad version "no version"; fi

# Damaged input through the command line: a few truncations and byte
# changes of a raw profile end in exit status 0 or 1, and a failure writes
# nothing to stdout.  Every cut and every bit flip is the unit test
# reader_damage_every_byte_and_bit's (in-process, with a report of each
# result) and the fuzz targets' job; here the positions are a sample of
# the file's structure: header, string table, samples, end.
damage_ok=1
raw="$data/synth_cpu.pb"
size=$(wc -c <"$raw")
for at in 0 1 2 3 5 8 13 40 100 300 700 1500 2500 $((size - 20)) \
    $((size - 2)) $((size - 1)); do
	head -c "$at" "$raw" >"$tmp/cut.pb"
	"$CPV" -top "$tmp/cut.pb" >"$tmp/out" 2>/dev/null </dev/null
	rc=$?
	if [ "$rc" -gt 1 ] || { [ "$rc" = 1 ] && [ -s "$tmp/out" ]; }; then
		damage_ok=0
		bad truncation "cut at $at: exit status $rc"
	fi
	for byte in '\377' '\000' '\200'; do
		# $byte is an octal escape for printf to turn into the byte
		# shellcheck disable=SC2059
		{ head -c "$at" "$raw"; printf "$byte"; tail -c +"$((at + 2))" "$raw"; } >"$tmp/flip.pb"
		"$CPV" -top "$tmp/flip.pb" >"$tmp/out" 2>/dev/null </dev/null
		rc=$?
		if [ "$rc" -gt 1 ] || { [ "$rc" = 1 ] && [ -s "$tmp/out" ]; }; then
			damage_ok=0
			bad corruption "byte $at set to $byte: exit status $rc"
		fi
	done
done
[ "$damage_ok" = 1 ] && ok damaged_input

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
