/* report-export.c: -proto, -folded and -csv. */
#include "report.h"
