/* report-traces.c: -traces, -tags, -raw and -comments. */
#include "report.h"
