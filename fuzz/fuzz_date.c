/* Date parsing: whatever the text, gl_date_parse answers GL_OK with an ISO
 * date that parses again to itself, or GL_EPARSE with "". */
#include "fuzz.h"
#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char iso[GL_DATE_ISO_MAX], again[GL_DATE_ISO_MAX];
    memset(iso, 'x', sizeof iso);
    gl_status st = gl_date_parse((const char *)data, size, iso);
    if (memchr(iso, '\0', sizeof iso) == NULL)
        __builtin_trap();
    if (st != GL_OK) {
        if (st != GL_EPARSE || iso[0])
            __builtin_trap();
        return 0;
    }
    if (iso[0] < '0' || iso[0] > '9' || gl_date_parse(iso, strlen(iso), again) != GL_OK ||
        strcmp(iso, again) != 0)
        __builtin_trap();
    return 0;
}
