#include "util/lang.h"

#include <string.h>

bool gl_lang_tag_ok(const char *s) {
    size_t run = 0, len = s ? strlen(s) : 0;
    if (len == 0 || len > 64 || !((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z'))
        return false;
    for (size_t i = 0; i <= len; i++) {
        char c = s[i];
        if (c == '-' || c == '\0') {
            if (run == 0 || run > 8)
                return false;
            run = 0;
        } else if ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z')) {
            run++;
        } else {
            return false;
        }
    }
    return true;
}
