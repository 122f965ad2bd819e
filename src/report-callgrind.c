/* report-callgrind.c: -callgrind. */
#include "report.h"
