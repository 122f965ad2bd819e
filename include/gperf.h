/*
 * gperf.h: gperftools' profiles, as pprof's legacy readers read them.
 *
 * The CPU profiler (libprofiler, CPUPROFILE=file) writes binary words of
 * the machine's size and byte order: a header (0, 3, 0, sampling period
 * in microseconds, 0), records (count, depth, depth addresses, leaf
 * first), the end marker (0, 1, 0), then the process's /proc/self/maps.
 * The heap profiler (HEAPPROFILE=prefix) writes text: a "heap profile:
 * ... @ heap_v2/RATE" header, one "inuse: bytes [alloc: bytes] @ addr..."
 * line per stack, then "MAPPED_LIBRARIES:" and the maps.
 *
 * Both give bare addresses: symbolize.h gives them names.  The profiles
 * are built as pprof builds them (sample types, period, return addresses
 * moved back into the call, the signal-handler frame and the duplicated
 * leaf dropped, the maps' executable entries as mappings with the main
 * binary first), so that reports match go tool pprof's.
 */
#ifndef CPV_GPERF_H
#define CPV_GPERF_H

#include <stdbool.h>
#include <stddef.h>

struct profile;

/* Whether data looks like a gperftools CPU / heap profile. */
bool		 gperf_cpu_probe(const unsigned char *data, size_t len);
bool		 gperf_heap_probe(const unsigned char *data, size_t len);

/*
 * Build the profile, or return NULL with *cause set to one allocated
 * line (without the file name).
 */
struct profile	*gperf_cpu_parse(const unsigned char *data, size_t len,
		    char **cause);
struct profile	*gperf_heap_parse(const unsigned char *data, size_t len,
		    char **cause);

#endif
