/* Dates for people in any language, from CLDR through ICU's date formatter
 * (udat_*), as a module (util/date.h, modules/modules.h): only a run that
 * shows a date in a language other than US English maps ICU's i18n library
 * and pays for its first udat_open (about 5 ms of CPU). */
#include <stdbool.h>
#include <stddef.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include "modules/modules.h"
#include "util/date.h"
#include "util/date_icu.h"

/* y-m-d in the long date style of BCP 47 tag `lang`: "12 ноября 2014 г."
 * (ru), "12 November 2014" (en-GB). The instant is noon UTC of that day,
 * formatted in UTC, so that no time zone moves it to another day. */
static bool format(int y, int m, int d, const char *lang, char *out, size_t cap) {
    char locale[ULOC_FULLNAME_CAPACITY];
    UErrorCode e = U_ZERO_ERROR;
    int32_t used = 0;
    uloc_forLanguageTag(lang ? lang : "en", locale, (int32_t)sizeof locale, &used, &e);
    if (U_FAILURE(e) || used <= 0 || e == U_STRING_NOT_TERMINATED_WARNING)
        return false;
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UDateFormat *f = udat_open(UDAT_NONE, UDAT_LONG, locale, utc, -1, NULL, 0, &e);
    if (U_FAILURE(e))
        return false;
    UDate when = ((double)gl_days_from_civil(y, m, d) * 86400.0 + 43200.0) * 1000.0;
    UChar text[GL_DATE_SHOWN_MAX];
    int32_t n = udat_format(f, when, text, GL_DATE_SHOWN_MAX, NULL, &e);
    udat_close(f);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
        return false;
    int32_t len = 0;
    u_strToUTF8(out, (int32_t)cap, &len, text, n, &e);
    return U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING && len > 0 && (size_t)len < cap;
}

GL_MODULE_TABLE const gl_dates_module gl_module_dates = {
    {GL_ABI_STAMP, NULL, NULL},
    format,
};
