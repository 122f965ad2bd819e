/* report-dot.c: -dot, -svg, -png and -pdf. */
#include "report.h"
