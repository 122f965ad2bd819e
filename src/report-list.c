/* report-list.c: -list (annotated source). */
#include "report.h"
