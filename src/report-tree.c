/* report-tree.c: -tree and -peek. */
#include "report.h"
