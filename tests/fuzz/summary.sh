#!/bin/bash
# summary.sh TARGET LOG: one line from a libFuzzer log (-print_final_stats=1):
# executions, executions per second, coverage (cov: edges, ft: features),
# corpus size, peak memory, and what libFuzzer found, if anything.
t=$1
log=$2
stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
found=$(grep -m 1 -E '^==[0-9]+==ERROR|^SUMMARY: |ERROR: libFuzzer|fuzz check failed' "$log")
printf '%s: %s runs, %s exec/s, cov %s, ft %s, corpus %s, peak rss %s MB%s\n' \
    "$t" "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$(stat peak_rss_mb)" \
    "${found:+; found: $found}"
