#!/bin/bash
# hostile.sh: cpv against input that attacks the viewer.
#
#  - terminal safety: testdata/hostile.pb.gz puts escape sequences (window
#    title, screen clear, OSC 52 clipboard, 8-bit CSI, BEL, DEL, invalid
#    UTF-8) in every string a report prints; no report may write a raw
#    control byte (other than newline and tab), a C1 control or invalid
#    UTF-8, on stdout or stderr;
#  - injection: the same profile has two names that differ only after a
#    NUL, bidi overrides and zero-width characters, names that a
#    spreadsheet runs as formulas, and '"' in a label value, file names
#    and the mapping's name, to add Graphviz attributes; no report may
#    print a bidi or zero-width character, -top shows every name whole
#    (NUL as \x00), -csv neutralises formulas, and the SVG of -dot holds
#    no link and no image;
#  - damaged and oversized input: over-long varints, lengths and counts
#    far beyond the data, bad ids and string indexes, a gzip bomb, a
#    100000-frame stack: a one-line error (or a report) with exit status
#    0 or 1, never a crash, a hang or unbounded memory.
#
# Prints PASS:/FAIL: per case and "N passed, M failed"; exits 1 on failure.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
CPV=${CPV:-$top_srcdir/src/cpv}
data=$top_srcdir/testdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC LC_ALL=C
pass=0
fail=0

ok() { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1: $2"; fail=$((fail + 1)); }

# clean FILE: no control bytes but \n and \t, no C1, valid UTF-8.
clean() {
	local n
	n=$(tr -d '\n\t\040-\176\200-\377' <"$1" | wc -c)
	[ "$n" = 0 ] || { echo "$n raw control bytes"; return 1; }
	if grep -q $'\xc2[\x80-\x9f]' "$1"; then
		echo "a C1 control character"
		return 1
	fi
	if ! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then
		echo "invalid UTF-8"
		return 1
	fi
	# U+200B..U+200F, U+202A..U+202E, U+2060, U+2066..U+2069, U+FEFF
	if grep -q $'\xe2\x80[\x8b-\x8f\xaa-\xae]\|\xe2\x81[\xa0\xa6-\xa9]\|\xef\xbb\xbf' "$1"; then
		echo "a bidi or zero-width character"
		return 1
	fi
	return 0
}

# Every report on the hostile profile.
for flags in "-top" "-top -lines" "-top -files" "-top -addresses" \
    "-tree" "-peek=main" "-list=main" "-traces" "-tags" "-raw" \
    "-comments" "-dot" "-callgrind" "-folded" "-csv" "-top -tagroot=k" \
    "-top -focus=." "-top -tagfocus=."; do
	name="escape ${flags// /_}"
	# shellcheck disable=SC2086
	"$CPV" $flags "$data/hostile.pb.gz" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if grep -q "is not implemented yet" "$tmp/err"; then
		echo "SKIP: $name (report not implemented)"
	elif [ "$rc" -gt 1 ]; then
		bad "$name" "exit status $rc"
	elif why=$(clean "$tmp/out") && why2=$(clean "$tmp/err"); then
		ok "$name"
	else
		bad "$name" "${why:-}${why2:-} in the output"
	fi
done
# The names really are there, escaped.
"$CPV" -top "$data/hostile.pb.gz" >"$tmp/out" 2>&1
if grep -qF 'main.title\x1b]0;pwned window title\x07' "$tmp/out" &&
    grep -qF 'main.csi8\xc2\x9b31m' "$tmp/out" &&
    grep -qF 'File: evil\x1b]0;pwned' "$tmp/out"; then
	ok "escape visible"
else
	bad "escape visible" "escaped names missing from -top"
fi
# Names cut at a NUL would print as one; bidi and zero-width visible.
"$CPV" -top "$data/hostile.pb.gz" >"$tmp/out" 2>&1
if grep -qF 'main.nul\x00hidden' "$tmp/out" &&
    grep -qF 'main.nul\x00other' "$tmp/out" &&
    grep -qF 'main.nul\xc0\x80lookalike' "$tmp/out" &&
    grep -qF 'main.bidi\u202eevil\u202c.\u2066iso\u2069' "$tmp/out" &&
    grep -qF 'main.zero\u200bwidth\u200d\u2060\ufeff' "$tmp/out"; then
	ok "NUL, bidi and zero-width visible"
else
	bad "NUL, bidi and zero-width visible" "names missing from -top"
fi
# -focus sees the NUL too (as Go does), and only the name that has it.
"$CPV" -top -focus='nul\x00o' "$data/hostile.pb.gz" >"$tmp/out" 2>&1
if grep -qF 'main.nul\x00other' "$tmp/out" && ! grep -qF 'hidden' "$tmp/out"; then
	ok "NUL matched by a regexp"
else
	bad "NUL matched by a regexp" "$(grep main.nul "$tmp/out")"
fi
# Formulas are text in -csv: quoted with a leading "'".
"$CPV" -csv "$data/hostile.pb.gz" >"$tmp/out" 2>/dev/null
if grep -qF ',"'"'"'=HYPERLINK(""http://evil.example/"",""x"")",' "$tmp/out" &&
    grep -qF ',"'"'"'@SUM(1+1)",' "$tmp/out" &&
    grep -qF ',"'"'"'+cmd",' "$tmp/out" &&
    grep -qF ',"'"'"'-2+3",' "$tmp/out" &&
    ! cut -d, -f7- "$tmp/out" | grep -q '^[-=+@]'; then
	ok "csv formulas neutralised"
else
	bad "csv formulas neutralised" "$(grep -e HYPERLINK -e SUM "$tmp/out")"
fi
# No profile string adds a Graphviz attribute: no link, no image.
for flags in "-dot" "-dot -tagfocus=." "-dot -files" "-dot -addresses"; do
	name="dot injection ${flags// /_}"
	# shellcheck disable=SC2086
	"$CPV" $flags "$data/hostile.pb.gz" >"$tmp/out" 2>/dev/null
	if ! command -v dot >/dev/null; then
		echo "SKIP: $name (no Graphviz dot)"
	elif ! dot -Tsvg "$tmp/out" >"$tmp/svg" 2>"$tmp/err"; then
		bad "$name" "dot failed: $(head -2 "$tmp/err")"
	elif grep -q -e 'href="' -e '<image' -e '="javascript:' "$tmp/svg"; then
		bad "$name" "$(grep -o -m2 -e 'xlink:href="[^"]*"' -e '<image[^>]*' "$tmp/svg")"
	else
		ok "$name"
	fi
done

# A file name with escapes in an error message.
"$CPV" -top "$tmp/no$(printf '\033]0;x\007')such" >"$tmp/out" 2>"$tmp/err"
if why=$(clean "$tmp/err"); then ok "escape error message"; else bad "escape error message" "$why"; fi

# expect_fail NAME PATTERN FILE [FLAGS...]: exit status 1, one line matching.
expect_fail() {
	local name=$1 pat=$2 file=$3 rc
	shift 3
	"$CPV" -top "$@" "$file" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" != 1 ]; then
		bad "$name" "exit status $rc, want 1"
	elif [ -s "$tmp/out" ]; then
		bad "$name" "wrote to stdout"
	elif [ "$(wc -l <"$tmp/err")" != 1 ]; then
		bad "$name" "want one line, got: $(tr '\n' '|' <"$tmp/err")"
	elif ! grep -q -- "$pat" "$tmp/err"; then
		bad "$name" "message '$(cat "$tmp/err")' lacks '$pat'"
	else
		ok "$name"
	fi
}

# Hand-made protobuf (raw, not gzipped).  \062\000 is string_table[0] = "".
printf '\062\000\070\377\377\377\377\377\377\377\377\377\377\001' >"$tmp/longvarint.pb"
expect_fail "varint longer than 10 bytes" "byte offset 3: Profile.drop_frames: varint longer than 10 bytes" "$tmp/longvarint.pb"
printf '\062\000\022\200\200\200\200\200\200\200\200\020' >"$tmp/hugelen.pb"
expect_fail "length 2^60" "byte offset 3: Profile.sample: length runs past the end" "$tmp/hugelen.pb"
printf '\062\000\012\000\022\004\010\007\020\001' >"$tmp/badloc.pb"
expect_fail "unknown location id" "unknown location id 7" "$tmp/badloc.pb"
printf '\062\000\042\002\010\000' >"$tmp/zeroid.pb"
expect_fail "reserved id 0" "Location.id: reserved id 0" "$tmp/zeroid.pb"
printf '\062\000\052\002\010\001\052\002\010\001' >"$tmp/dupid.pb"
expect_fail "duplicate id" "Function.id: duplicate id 1" "$tmp/dupid.pb"
printf '\062\000\052\004\010\001\020\011' >"$tmp/badstr.pb"
expect_fail "string index out of range" "Function.name: string index 9 out of range" "$tmp/badstr.pb"
printf '\062\001x' >"$tmp/str0.pb"
expect_fail "string_table[0] not empty" 'string_table\[0\] must be ""' "$tmp/str0.pb"
printf '\062\000\013' >"$tmp/group.pb"
expect_fail "unknown wire type" "unknown wire type" "$tmp/group.pb"
printf '\062\000\110\001\110\002' >"$tmp/concat.pb"
expect_fail "concatenated profiles" "concatenated profiles detected" "$tmp/concat.pb"
# 200000 sample types and 200000 empty samples: 4e10 values claimed by
# counts alone; refused before any allocation of that size.
{ printf '\062\000'; for ((i = 0; i < 2000; i++)); do printf '\012\000'; done;
  for ((i = 0; i < 2000; i++)); do printf '\022\000'; done; } >"$tmp/counts.pb"
expect_fail "values vs. types" "values in 2000 samples do not match 2000 sample types" "$tmp/counts.pb"

# A gzip bomb: 300 MB of zeros in about 300 KB.
head -c 300M /dev/zero | gzip -1 >"$tmp/bomb.gz"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$tmp/rss" "$CPV" -top "$tmp/bomb.gz" >"$tmp/out" 2>"$tmp/err"
	rss=$(tail -1 "$tmp/rss")
	if grep -q "decompression bomb" "$tmp/err" && [ "$rss" -lt 262144 ]; then
		ok "gzip bomb"
	else
		bad "gzip bomb" "$(cat "$tmp/err") (peak RSS ${rss} KB)"
	fi
else
	expect_fail "gzip bomb" "decompression bomb" "$tmp/bomb.gz"
fi
expect_fail "inflated limit" "exceeds the 1024 byte limit" "$data/cpu.pb.gz" -max_inflated=1k -max_ratio=0
expect_fail "input limit" "larger than the 1024 byte limit" "$data/cpu.pb.gz" -max_input=1k
CPV_MAX_INPUT=1k "$CPV" -top "$data/cpu.pb.gz" >/dev/null 2>"$tmp/err"
if grep -q "1024 byte limit" "$tmp/err"; then ok "input limit from environment"; else bad "input limit from environment" "$(cat "$tmp/err")"; fi
if "$CPV" -top -max_ratio=0 "$data/cpu.pb.gz" >/dev/null 2>&1; then ok "limits can be raised"; else bad "limits can be raised" "-max_ratio=0 failed"; fi

# -list never reads the kernel's files: a profile naming /proc/self/environ
# (or a link to it) must not print the environment into a report.
# list_prof FILE: one sample in main.f, line 1 of FILE (a name under 128
# bytes), as raw profile.proto.
list_prof() {
	local n=${#1}
	printf '\012\004\010\001\020\002\022\004\010\001\020\005'
	printf '\042\010\010\001\042\004\010\001\020\001'
	printf '\052\010\010\001\020\003\030\003\040\004'
	printf '\062\000\062\007samples\062\005count\062\006main.f'
	printf "\\062\\$(printf %03o "$n")%s" "$1"
}
ln -s /proc/self/environ "$tmp/environ-link"
for f in /proc/self/environ "$tmp/environ-link" /sys/kernel/uevent_seqnum \
    /dev/zero; do
	list_prof "$f" >"$tmp/list.pb"
	CPV_LIST_SECRET=hunter2 "$CPV" -list=main.f "$tmp/list.pb" \
	    >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" != 0 ]; then
		bad "list refuses $f" "exit status $rc: $(head -2 "$tmp/err")"
	elif grep -q hunter2 "$tmp/out" "$tmp/err"; then
		bad "list refuses $f" "the environment was printed"
	elif ! grep -q "Error: open .*: refused: -list does not read files under /proc, /sys or /dev" "$tmp/out"; then
		bad "list refuses $f" "no error: $(head -5 "$tmp/out")"
	else
		ok "list refuses $f"
	fi
done

# A 100000-frame stack over 20000 functions.
if "$CPV" -top -nodecount=3 "$data/deep.pb.gz" >"$tmp/out" 2>"$tmp/err" &&
    grep -q "Showing top 3 nodes out of 20000" "$tmp/out"; then
	ok "deep stack"
else
	bad "deep stack" "$(head -3 "$tmp/err")"
fi

# A regexp that backtracks exponentially is answered (rx.c's DFA step),
# not given up or left to hang; one that cannot be answered within the
# budget is named, and the report says it may be incomplete.
"$CPV" -top -nodecount=1 -focus='^main\.(a|aa)*\d$' "$data/hostile.pb.gz" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && [ "$(cat "$tmp/err")" = "Focus expression matched no samples" ]; then
	ok "costly regexp"
else
	bad "costly regexp" "exit status $rc: $(head -2 "$tmp/err")"
fi
"$CPV" -top -nodecount=1 -focus='^main\.(?P<x>(a|aa)*)(?P=x)\d$' "$data/hostile.pb.gz" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && grep -q "^cpv: regexp .* is too costly for some names: results may be incomplete$" "$tmp/err" &&
    grep -q "^Warning: a regexp ran out of budget: results may be incomplete$" "$tmp/out"; then
	ok "regexp out of budget"
else
	bad "regexp out of budget" "exit status $rc: $(head -2 "$tmp/err")"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
