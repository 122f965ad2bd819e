/*
 * timing.h: one clock for the library and the front ends (fetch
 * progress and refresh periods, the viewer's key log).
 */
#ifndef CPV_TIMING_H
#define CPV_TIMING_H

#include <stdint.h>
#include <time.h>

/* clock's time in microseconds (CLOCK_MONOTONIC, a CPU-time clock...). */
uint64_t	timing_us(clockid_t clock);
/* Seconds on the monotonic clock, for periods and timeouts. */
double		timing_seconds(void);

#endif
