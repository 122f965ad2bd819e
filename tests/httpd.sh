# shellcheck shell=bash
# tests/httpd.sh: start and stop tests/httpd, the loopback HTTP server of
# the fetch tests (tests/httpd.c lists what it serves).  Source it after
# tests/lib.sh and tl_init:
#
#	. "$(dirname "$0")/httpd.sh"
#	httpd_start            # sets HTTPD_PORT, HTTPD_LOG, HTTPD_PID
#	... "$CPV" -top "127.0.0.1:$HTTPD_PORT/debug/pprof/heap" ...
#	httpd_stop
#
# The server binds 127.0.0.1 only, on a port the system picks, and ends by
# itself after HTTPD_LIFETIME seconds (300) even if the test dies.

# httpd_start: a hard error (99) if the server is not built or does not
# come up within 20 seconds.
httpd_start()
{
	local bin=${top_builddir:?}/tests/httpd dir=$TL_TMP/httpd

	[ -x "$bin" ] || tl_error "no $bin (make check builds it)"
	mkdir -p "$dir" || tl_error "cannot create $dir"
	rm -f "$dir/port"
	HTTPD_LOG=$dir/log
	: >"$HTTPD_LOG"
	"$bin" "$dir/port" "$HTTPD_LOG" "${top_srcdir:?}/testdata" \
	    "${HTTPD_LIFETIME:-300}" </dev/null &
	HTTPD_PID=$!
	for _ in $(seq 200); do
		[ -s "$dir/port" ] && break
		kill -0 "$HTTPD_PID" 2>/dev/null ||
			tl_error "tests/httpd exited at once"
		sleep 0.1
	done
	HTTPD_PORT=$(cat "$dir/port" 2>/dev/null)
	[ -n "$HTTPD_PORT" ] || tl_error "tests/httpd wrote no port"
	export HTTPD_PORT HTTPD_LOG HTTPD_PID
	# fetches go straight to the loopback server, never through a proxy
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY \
	    all_proxy
}

# httpd_stop: end the server this test started (by its pid).
httpd_stop()
{
	if [ -n "${HTTPD_PID:-}" ]; then
		kill "$HTTPD_PID" 2>/dev/null
		wait "$HTTPD_PID" 2>/dev/null
		HTTPD_PID=
	fi
}
