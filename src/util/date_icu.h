/* Dates for people through ICU, as a module: see gl_date_display
 * (util/date.h), its one caller. */
#ifndef GL_UTIL_DATE_ICU_H
#define GL_UTIL_DATE_ICU_H

#include <stdbool.h>
#include <stddef.h>
#include "modules/modules.h"

/* The ICU date formatter as a module (modules/modules.h): ICU's data and
 * the first udat_open cost some milliseconds, paid only by a run that shows
 * a date in a language other than US English. `format` writes y-m-d in
 * the long date style of BCP 47 tag `lang` to out[0, cap) and says whether
 * it could. */
typedef struct gl_dates_module {
    gl_module_head head;
    bool (*format)(int y, int m, int d, const char *lang, char *out, size_t cap);
} gl_dates_module;

#endif
