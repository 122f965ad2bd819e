#!/bin/bash
# fetch.sh: profiles fetched over HTTP, as go tool pprof fetches them:
# the source forms, -seconds, the saved copy and its name, and one clear
# line and exit status 1 for each way a fetch fails.
#
# Against tests/httpd (a loopback server serving the committed profiles,
# error statuses, slow replies and garbage), and, when Go is installed,
# against a real net/http/pprof service (testdata/goserver/main.go).
# All traffic stays on 127.0.0.1.  Built without libcurl, cpv must say so.

. "$(dirname "$0")/lib.sh"
tl_init
tl_need_cpv
. "$(dirname "$0")/httpd.sh"

data=$top_srcdir/testdata
export TZ=UTC
export PPROF_TMPDIR=$TL_TMP/saved
export HOME=$TL_TMP/home
mkdir -p "$HOME"
trap 'httpd_stop; rm -rf "$TL_TMP"' EXIT

# run NAME ARGS...: cpv's output in $TL_TMP/NAME.out, .err, status in .rc
run()
{
	local name=$1
	shift
	"$CPV" "$@" >"$TL_TMP/$name.out" 2>"$TL_TMP/$name.err" </dev/null
	echo $? >"$TL_TMP/$name.rc"
}

# (no server needed: nothing is fetched)
if ! "$CPV" -version | grep -q '^fetching URLs: yes'; then
	run nocurl -top "127.0.0.1:1/debug/pprof/heap"
	if [ "$(cat "$TL_TMP/nocurl.rc")" = 1 ] &&
	    [ "$(wc -l <"$TL_TMP/nocurl.err")" = 1 ] &&
	    grep -q "cpv was built without libcurl; cannot fetch URL" \
	    "$TL_TMP/nocurl.err"; then
		tl_pass "built without libcurl: one line, exit 1"
	else
		tl_fail "built without libcurl: one line, exit 1" \
		    "$(cat "$TL_TMP/nocurl.err")"
	fi
	tl_finish
fi

httpd_start
base=127.0.0.1:$HTTPD_PORT

# check_same NAME FILE: NAME's report is the same as FILE's, read as a file
check_same()
{
	"$CPV" -top "$2" >"$TL_TMP/$1.want" 2>/dev/null
	if [ "$(cat "$TL_TMP/$1.rc")" = 0 ] &&
	    cmp -s "$TL_TMP/$1.want" "$TL_TMP/$1.out"; then
		tl_pass "$1: the report of $(basename "$2")"
	else
		tl_fail "$1: the report of $(basename "$2")" \
		    "status $(cat "$TL_TMP/$1.rc"); stderr:
$(cat "$TL_TMP/$1.err")
$(diff "$TL_TMP/$1.want" "$TL_TMP/$1.out" | head -20)"
	fi
}

# check_err NAME REGEX: NAME printed, after pprof's "Fetching" (and
# "Please wait") lines, one
# line matching REGEX (extended), nothing on stdout, and exited with 1
check_err()
{
	local err=$TL_TMP/$1.err lines

	lines=$(grep -Evc '^(Fetching profile over HTTP from |Please wait)' \
	    "$err")
	if [ "$(cat "$TL_TMP/$1.rc")" = 1 ] && [ "$lines" = 1 ] &&
	    [ ! -s "$TL_TMP/$1.out" ] && grep -Eq -- "$2" "$err"; then
		tl_pass "$1: $(grep -Ev '^(Fetching|Please)' "$err" | cut -c1-70)"
	else
		tl_fail "$1" "status $(cat "$TL_TMP/$1.rc"), wanted 1 and one
line matching /$2/; stderr:
$(cat "$err")"
	fi
}

# check_log NAME LINE: the server was asked LINE (exactly) last
check_log()
{
	if [ "$(tail -n 1 "$HTTPD_LOG")" = "$2" ]; then
		tl_pass "$1"
	else
		tl_fail "$1" "wanted the request '$2'; the server saw:
$(tail -n 3 "$HTTPD_LOG")"
	fi
}

# check_grep NAME FILE REGEX
check_grep()
{
	if grep -Eq -- "$3" "$2"; then
		tl_pass "$1"
	else
		tl_fail "$1" "wanted /$3/ in:
$(cat "$2")"
	fi
}

# --- source forms ------------------------------------------------------------

run bare -top "$base"
check_same bare "$data/cpu.pb.gz"
check_log "host:port asks for /debug/pprof/profile" \
    "GET /debug/pprof/profile"
check_grep "... and says so as pprof does" "$TL_TMP/bare.err" \
    "^Fetching profile over HTTP from http://$base/debug/pprof/profile\$"
saved=$PPROF_TMPDIR/pprof.cpuburn.samples.cpu.001.pb.gz
check_grep "... saves it with pprof's name and prints the path" \
    "$TL_TMP/bare.err" "^Saved profile in $saved\$"
if cmp -s "$saved" "$data/cpu.pb.gz"; then
	tl_pass "... the saved file is the reply"
else
	tl_fail "... the saved file is the reply" "$(ls -l "$PPROF_TMPDIR")"
fi
run saved_again -top "$saved"
check_same saved_again "$data/cpu.pb.gz"

run bare2 -top "$base/"
check_grep "a second fetch is saved as .002" "$TL_TMP/bare2.err" \
    "^Saved profile in $PPROF_TMPDIR/pprof.cpuburn.samples.cpu.002.pb.gz\$"

run url -top "http://$base/debug/pprof/heap"
check_same url "$data/heap.pb.gz"
check_log "an http:// URL is fetched as it is" "GET /debug/pprof/heap"
check_grep "... saved with the heap's sample types" "$TL_TMP/url.err" \
    "^Saved profile in $PPROF_TMPDIR/pprof.heapdemo.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz\$"

run hostpath -top "$base/debug/pprof/goroutine"
check_same hostpath "$data/goroutine.pb.gz"
check_log "host:port/path is http://host:port/path" \
    "GET /debug/pprof/goroutine"

run seconds -top -seconds=1 "$base"
check_same seconds "$data/cpu.pb.gz"
check_log "-seconds=N passes through as ?seconds=N" \
    "GET /debug/pprof/profile?seconds=1"
check_grep "... and pprof's 'Please wait' line" "$TL_TMP/seconds.err" \
    '^Please wait\.\.\. \(1s\)$'

run seconds_url -top -seconds=1 "http://$base/debug/pprof/profile?seconds=9&gc=1"
check_log "-seconds replaces the URL's, parameters in Go's order" \
    "GET /debug/pprof/profile?gc=1&seconds=1"

run redirect -top "$base/redirect"
check_same redirect "$data/heap.pb.gz"

run diff -top -diff_base="$saved" "$base/grow"
"$CPV" -top -diff_base="$data/cpu.pb.gz" "$data/cpu.pb.gz" >"$TL_TMP/diff.want"
if [ "$(cat "$TL_TMP/diff.rc")" = 0 ] &&
    cmp -s "$TL_TMP/diff.out" "$TL_TMP/diff.want"; then
	tl_pass "-diff_base with a fetched profile"
else
	tl_fail "-diff_base with a fetched profile" "$(cat "$TL_TMP/diff.err")"
fi

# (pprof takes an empty PPROF_TMPDIR for none, as cpv does)
PPROF_TMPDIR='' run home -top "$base/debug/pprof/heap"
check_grep "without PPROF_TMPDIR, saved under ~/pprof/" "$TL_TMP/home.err" \
    "^Saved profile in $HOME/pprof/pprof.heapdemo.[a-z_.]*001.pb.gz\$"

PPROF_TMPDIR=$TL_TMP/new/dir run newdir -top "$base/debug/pprof/heap"
check_grep "PPROF_TMPDIR is made when missing" "$TL_TMP/newdir.err" \
    "^Saved profile in $TL_TMP/new/dir/pprof.heapdemo"

# a file of that name is read as a file
mkdir -p "$TL_TMP/cwd"
cp "$data/heap.pb.gz" "$TL_TMP/cwd/localhost:1"
(cd "$TL_TMP/cwd" && run file_not_url -top localhost:1)
check_same file_not_url "$data/heap.pb.gz"

# --- errors: one line each, exit 1 -------------------------------------------

# (port 1 on loopback: nobody listens there)
run refused -top 127.0.0.1:1
check_err refused "^cpv: '127\.0\.0\.1:1': cannot connect to 127\.0\.0\.1:1: connection refused\$"
# (an empty label: the resolver refuses the name without sending a query)
run dns -top nosuch..invalid:6060
check_err dns "^cpv: 'nosuch\.\.invalid:6060': cannot resolve host 'nosuch\.\.invalid'\$"
run timeout -top -timeout=1 "$base/slow"
check_err timeout "^cpv: '$base/slow': timed out after 6s \(raise with -timeout\)\$"
run status404 -top "$base/status/404"
check_err status404 "^cpv: '$base/status/404': server response: 404 Not Found - Unknown profile\$"
run status500 -top "$base/status/500"
check_err status500 "server response: 500 Internal Server Error - Could not enable CPU profiling: cpu profiling already in use\$"
run status502 -top "$base/status/502"
check_err status502 "server response: 502 Bad Gateway \(an HTML page\)\$"
run html -top "$base/html"
check_err html "'$base/html': the reply is an HTML page, not a profile"
run trace -top "$base/trace"
check_err trace "the reply is a Go execution trace \(go tool trace reads it\), not a profile\$"
run text -top "$base/text?debug=2"
check_err text "the reply is text, not a profile: 'goroutine 1 \[running\]:' \(debug=N asks for text: drop it\)\$"
run json -top "$base/json"
check_err json "the reply is JSON, not a profile\$"
run garbage -top "$base/garbage"
check_err garbage "^cpv: '$base/garbage': (unrecognized profile format|malformed)"
run empty -top "$base/empty"
check_err empty "^cpv: '$base/empty': empty reply: not a profile\$"
run big -top -max_input=1M "$base/big"
check_err big "the reply is larger than the 1048576 byte limit \(raise with -max_input or CPV_MAX_INPUT\)\$"
CPV_MAX_INPUT=1M run bigcl -top "$base/bigcl"
check_err bigcl "the reply is larger than the 1048576 byte limit"
extra=
for f in "$PPROF_TMPDIR"/*; do
	case ${f##*/} in
	pprof.cpuburn.* | pprof.heapdemo.* | pprof.goroutinedemo.*) ;;
	*)	extra="$extra ${f##*/}" ;;
	esac
done
if [ -z "$extra" ]; then
	tl_pass "a failed fetch saves nothing"
else
	tl_fail "a failed fetch saves nothing" "saved:$extra"
fi

httpd_stop

# --- https: the CA, a client certificate, https+insecure:// -----------------
# openssl s_server -WWW serves the files of its directory over TLS, with
# certificates made here (a server's for 127.0.0.1, a client's).
tls_server()
{
	rm -f "$TL_TMP/tls/accept"
	(cd "$TL_TMP/tls" && exec timeout 60 openssl s_server -accept 127.0.0.1:0 \
	    -WWW -cert srv.pem -key srv.key "$@" >accept 2>&1 </dev/null) &
	tlspid=$!
	for _ in $(seq 200); do
		tlsport=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
		    "$TL_TMP/tls/accept" 2>/dev/null)
		[ -n "$tlsport" ] && return 0
		sleep 0.1
	done
	return 1
}
tls_stop()
{
	kill "$tlspid" 2>/dev/null
	wait "$tlspid" 2>/dev/null
}
mkdir -p "$TL_TMP/tls"
cp "$data/heap.pb.gz" "$TL_TMP/tls/"
if ! command -v openssl >/dev/null 2>&1 || ! command -v timeout >/dev/null 2>&1; then
	echo "SKIP: openssl is not installed: no https cases"
elif ! (cd "$TL_TMP/tls" && for who in srv:127.0.0.1 cli:client; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -keyout "${who%%:*}.key" -out "${who%%:*}.pem" -days 2 \
	    -subj "/CN=${who#*:}" -addext "subjectAltName=IP:127.0.0.1" ||
	    exit 1
done) >"$TL_TMP/tls/req.log" 2>&1; then
	tl_fail "openssl makes test certificates" "$(cat "$TL_TMP/tls/req.log")"
elif ! tls_server; then
	tl_fail "openssl s_server starts" "$(cat "$TL_TMP/tls/accept")"
else
	tls=https://127.0.0.1:$tlsport/heap.pb.gz
	run tls_ca -top -tls_ca="$TL_TMP/tls/srv.pem" "$tls"
	check_same tls_ca "$data/heap.pb.gz"
	run tls_untrusted -top "$tls"
	check_err tls_untrusted "certificate.*\(-tls_ca=FILE trusts its CA; https\+insecure:// skips the check\)\$"
	run tls_insecure -top "https+insecure://127.0.0.1:$tlsport/heap.pb.gz"
	check_same tls_insecure "$data/heap.pb.gz"
	tls_stop
	if tls_server -Verify 1 -CAfile cli.pem; then
		tls=https://127.0.0.1:$tlsport/heap.pb.gz
		run tls_nocert -top -tls_ca="$TL_TMP/tls/srv.pem" "$tls"
		check_err tls_nocert "^cpv: '$tls': .*certificate.*\(the server wants a client certificate: -tls_cert, -tls_key\)\$"
		run tls_cert -top -tls_ca="$TL_TMP/tls/srv.pem" \
		    -tls_cert="$TL_TMP/tls/cli.pem" -tls_key="$TL_TMP/tls/cli.key" "$tls"
		check_same tls_cert "$data/heap.pb.gz"
		tls_stop
	else
		tl_fail "openssl s_server starts" "$(cat "$TL_TMP/tls/accept")"
	fi
fi

# --- a real Go service (net/http/pprof) --------------------------------------

if ! command -v go >/dev/null 2>&1; then
	echo "SKIP: go is not installed: no test against net/http/pprof"
	tl_finish
fi
gosrv=$TL_TMP/goserver
# the build cache stays where go keeps it, for the next run
if ! (cd "$TL_TMP" && HOME=$(getent passwd "$(id -u)" | cut -d: -f6) \
    GO111MODULE=off go build -o "$gosrv" "$top_srcdir/testdata/goserver/main.go") \
    >"$TL_TMP/gobuild.log" 2>&1; then
	tl_fail "go builds testdata/goserver" "$(cat "$TL_TMP/gobuild.log")"
	tl_finish
fi
"$gosrv" "$TL_TMP/goport" 120 </dev/null &
gopid=$!
trap 'kill "$gopid" 2>/dev/null; httpd_stop; rm -rf "$TL_TMP"' EXIT
for _ in $(seq 200); do
	[ -s "$TL_TMP/goport" ] && break
	sleep 0.1
done
go=127.0.0.1:$(cat "$TL_TMP/goport")

# leak N: ask the service for N more blocked goroutines (bash's /dev/tcp)
leak()
{
	for _ in $(seq "$1"); do
		exec 3<>"/dev/tcp/127.0.0.1/${go#*:}" || return 1
		printf 'GET /leak HTTP/1.0\r\nHost: %s\r\n\r\n' "$go" >&3
		cat <&3 >/dev/null
		exec 3>&-
	done
}

run go_cpu -top -seconds=1 "$go"
check_grep "Go: a CPU profile of the service" "$TL_TMP/go_cpu.out" \
    ' main\.spin$'
check_grep "... saved as pprof names it" "$TL_TMP/go_cpu.err" \
    "^Saved profile in $PPROF_TMPDIR/pprof\.goserver\.samples\.cpu\.001\.pb\.gz\$"
leak 2
run go_g1 -top "$go/debug/pprof/goroutine"
check_grep "Go: a goroutine profile" "$TL_TMP/go_g1.out" ' main\.leak$'
g1=$(sed -n 's/^Saved profile in //p' "$TL_TMP/go_g1.err")
leak 3
run go_g2 -top -diff_base="$g1" "$go/debug/pprof/goroutine"
check_grep "Go: -diff_base against the last fetch shows the leak grow" \
    "$TL_TMP/go_g2.out" ' 3 +[0-9.e+-]+%  main\.leak$'
run go_404 -top "$go/debug/pprof/nosuch"
check_err go_404 "server response: 404 Not Found - Unknown profile\$"
run go_index -top "$go/debug/pprof/"
check_err go_index "the reply is an HTML page, not a profile"
run go_trace -top "$go/debug/pprof/trace?seconds=1"
check_err go_trace "the reply is a Go execution trace"
run go_debug -top "$go/debug/pprof/goroutine?debug=1"
check_err go_debug "the reply is text, not a profile: 'goroutine profile: total [0-9]+' \(debug=N asks for text: drop it\)\$"
kill "$gopid" 2>/dev/null

tl_finish
