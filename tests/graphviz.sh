#!/usr/bin/env bash
# tests/graphviz.sh: -svg, -png and -pdf run Graphviz's dot on the -dot
# graph.  With Graphviz installed, each output must start with its format's
# magic bytes (and -svg be dot's own SVG, with no script added); without it,
# those cases are skipped.  Always: a missing dot and a failing dot give one
# clear line on stderr, nothing on stdout and exit status 1.

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" || exit 99

tl_init
tl_need_cpv

data=$top_srcdir/testdata
tmp=$TL_TMP
export TZ=UTC

# starts_with FILE HEX: the file's first bytes are HEX (lower case).
starts_with()
{
	local n=$((${#2} / 2))

	[ "$(head -c "$n" "$1" | od -An -v -tx1 | tr -d ' \n')" = "$2" ]
}

# image NAME FORMAT HEX PROFILE FLAGS...: cpv -FORMAT writes an image that
# starts with HEX.
image()
{
	local name=$1 format=$2 magic=$3 profile=$4 rc
	shift 4

	"$CPV" "-$format" "$@" "$data/$profile" >"$tmp/$name" 2>"$tmp/err" \
	    </dev/null
	rc=$?
	if [ "$rc" -ne 0 ]; then
		tl_fail "$name" "exit status $rc: $(head -n 3 "$tmp/err")"
	elif ! starts_with "$tmp/$name" "$magic"; then
		tl_fail "$name" "does not start with $magic: $(head -c 16 \
		    "$tmp/$name" | od -An -c | head -n 1)"
	else
		tl_pass "$name"
	fi
}

png=89504e470d0a1a0a		# \x89PNG\r\n\x1a\n
pdf=255044462d			# %PDF-
svg=3c3f786d6c			# <?xml

if command -v dot >/dev/null 2>&1; then
	image svg_cpu svg "$svg" cpu.pb.gz
	image png_cpu png "$png" cpu.pb.gz
	image pdf_cpu pdf "$pdf" cpu.pb.gz
	image png_heap_call_tree png "$png" heap.pb.gz -call_tree
	image svg_labels_nodelets svg "$svg" labels.pb.gz -nodecount=10
	image pdf_synth_focus pdf "$pdf" synth_cpu.pb.gz -focus=handleUsers

	# -svg is dot -Tsvg on the -dot graph, as it is
	"$CPV" -dot "$data/synth_cpu.pb.gz" 2>/dev/null | dot -Tsvg \
	    >"$tmp/want.svg" 2>/dev/null
	if "$CPV" -svg "$data/synth_cpu.pb.gz" >"$tmp/got.svg" 2>/dev/null &&
	    cmp -s "$tmp/want.svg" "$tmp/got.svg" &&
	    grep -q '<svg' "$tmp/got.svg"; then
		tl_pass svg_is_plain_dot
	else
		tl_fail svg_is_plain_dot "differs from dot -Tsvg of -dot"
	fi

	# -output writes the same bytes to a file
	"$CPV" -png "$data/cpu.pb.gz" >"$tmp/a.png" 2>/dev/null
	if "$CPV" -png -output "$tmp/b.png" "$data/cpu.pb.gz" \
	    >"$tmp/stdout" 2>/dev/null && cmp -s "$tmp/a.png" "$tmp/b.png" &&
	    [ ! -s "$tmp/stdout" ]; then
		tl_pass png_output_file
	else
		tl_fail png_output_file "file differs or stdout not empty"
	fi
else
	for c in svg_cpu png_cpu pdf_cpu png_heap_call_tree \
	    svg_labels_nodelets pdf_synth_focus svg_is_plain_dot \
	    png_output_file; do
		printf 'SKIP: %s (Graphviz dot is not installed)\n' "$c"
	done
fi

# expect_error NAME PATTERN PATH FORMAT: with PATH as $PATH, cpv -FORMAT
# fails with exit status 1, one stderr line matching PATTERN, no stdout.
expect_error()
{
	local name=$1 pat=$2 path=$3 format=$4 rc lines

	PATH=$path "$CPV" "-$format" "$data/cpu.pb.gz" >"$tmp/out" \
	    2>"$tmp/err" </dev/null
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" != 1 ]; then
		tl_fail "$name" "exit status $rc, want 1 ($(head -n 1 "$tmp/err"))"
	elif [ -s "$tmp/out" ]; then
		tl_fail "$name" "wrote to stdout"
	elif [ "$lines" != 1 ]; then
		tl_fail "$name" "$lines error lines: $(tr '\n' '|' <"$tmp/err")"
	elif ! grep -q -- "$pat" "$tmp/err"; then
		tl_fail "$name" "message '$(head -n 1 "$tmp/err")' lacks '$pat'"
	else
		tl_pass "$name"
	fi
}

mkdir "$tmp/nodot" "$tmp/baddot"
expect_error no_dot_svg "install Graphviz (e.g. apt-get install graphviz)" \
    "$tmp/nodot" svg
expect_error no_dot_png "install Graphviz" "$tmp/nodot" png
expect_error no_dot_pdf "install Graphviz" "$tmp/nodot" pdf

# a dot that fails: its own message goes to stderr as it is, then ours
printf '#!/bin/sh\ncat >/dev/null\nexit 3\n' >"$tmp/baddot/dot"
chmod +x "$tmp/baddot/dot"
expect_error failing_dot "dot -Tpng failed (exit status 3)" \
    "$tmp/baddot:/usr/bin:/bin" png
# a dot that exits without reading its input
printf '#!/bin/sh\nexit 0\n' >"$tmp/baddot/dot"
expect_error deaf_dot \
    "dot -Tsvg \\(stopped reading its input\\|produced no output\\)" \
    "$tmp/baddot:/usr/bin:/bin" svg

tl_finish
