#include "cli/util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "galley/galley.h"
#include "util/utf8.h"
#include "util/vec.h"
#include <utf8proc.h>

void gl_cli_out_of_memory(void) {
    static const char msg[] = "galley: out of memory\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(1);
}

void *gl_cli_xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p)
        gl_cli_out_of_memory();
    return p;
}

void gl_cli_grow(void *items_at, size_t *cap, size_t need, size_t size) {
    if (gl_vec_grow(gl_allocator_of(NULL), items_at, cap, need, size) != GL_OK)
        gl_cli_out_of_memory();
}

char *gl_cli_join(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    bool slash = la > 0 && a[la - 1] != '/' && lb > 0;
    char *p = gl_cli_xrealloc(NULL, la + slash + lb + 1);
    memcpy(p, a, la);
    if (slash)
        p[la] = '/';
    memcpy(p + la + slash, b, lb + 1);
    return p;
}

const char *gl_cli_base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

size_t gl_cli_stem_length(const char *path) {
    const char *ext = gl_path_extension(path);
    return ext ? (size_t)(ext - path) : strlen(path);
}

const char *gl_cli_url_host(const char *url, size_t *len) {
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t auth = strcspn(p, "/?#");
    /* user:password@ goes; the last '@' of the authority ends it. */
    for (size_t i = auth; i > 0; i--)
        if (p[i - 1] == '@') {
            p += i;
            auth -= i;
            break;
        }
    size_t n = auth;
    if (p[0] == '[') { /* an IPv6 literal keeps its colons */
        const char *close = memchr(p, ']', auth);
        n = close ? (size_t)(close - p) + 1 : auth;
    } else {
        const char *colon = memchr(p, ':', auth);
        n = colon ? (size_t)(colon - p) : auth;
    }
    *len = n;
    return p;
}

/* `len` bytes of `s` in `buf` in safe characters, a run of others as one
 * '-', without dots and dashes at either end; its length. */
static size_t safe_name(char *buf, const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len && n < GL_CLI_URL_NAME_MAX; i++) {
        char c = s[i];
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
        if (safe)
            buf[n++] = c;
        else if (n > 0 && buf[n - 1] != '-')
            buf[n++] = '-';
    }
    size_t start = 0;
    while (start < n && (buf[start] == '.' || buf[start] == '-'))
        start++;
    while (n > start && (buf[n - 1] == '.' || buf[n - 1] == '-'))
        n--;
    memmove(buf, buf + start, n - start);
    buf[n - start] = '\0';
    return n - start;
}

char *gl_cli_url_name(const char *url, char *buf) {
    size_t host_len;
    const char *host = gl_cli_url_host(url, &host_len);
    const char *path = host + strcspn(host, "/?#");
    size_t path_len = *path == '/' ? strcspn(path, "?#") : 0;
    while (path_len > 0 && path[path_len - 1] == '/')
        path_len--;
    const char *seg = path + path_len;
    while (seg > path && seg[-1] != '/')
        seg--;
    size_t seg_len = (size_t)(path + path_len - seg);
    /* Its extension (.html, .php) says nothing of the page. */
    for (size_t i = seg_len; i > 1; i--)
        if (seg[i - 1] == '.') {
            seg_len = i - 1;
            break;
        }
    if (!safe_name(buf, seg, seg_len) && !safe_name(buf, host, host_len))
        memcpy(buf, "page", 5);
    return buf;
}

/* The segment `seg` (its extension gone) of a URL with or without a query
 * says nothing of the page: empty, no letter in it (an id: "12345",
 * "2024"), a folder's default document ("index", "default", "home",
 * "main"), or a script whose query picks the page ("view.php?id=7"). */
static bool generic_segment(const char *seg, size_t len, const char *ext, size_t ext_len,
                            bool query) {
    static const char *const defaults[] = {"index", "default", "home", "main"};
    static const char *const scripts[] = {"php", "asp", "aspx", "jsp", "cgi", "pl"};
    bool letter = false;
    for (size_t i = 0; i < len; i++)
        letter |= (seg[i] >= 'a' && seg[i] <= 'z') || (seg[i] >= 'A' && seg[i] <= 'Z') ||
                  (unsigned char)seg[i] >= 0x80;
    if (!letter)
        return true;
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
        if (strlen(defaults[i]) == len && strncasecmp(seg, defaults[i], len) == 0)
            return true;
    for (size_t i = 0; query && i < sizeof scripts / sizeof *scripts; i++)
        if (strlen(scripts[i]) == ext_len && strncasecmp(ext, scripts[i], ext_len) == 0)
            return true;
    return false;
}

bool gl_cli_url_name_generic(const char *url) {
    size_t host_len;
    const char *host = gl_cli_url_host(url, &host_len);
    const char *path = host + strcspn(host, "/?#");
    size_t path_len = *path == '/' ? strcspn(path, "?#") : 0;
    bool query = path[path_len] == '?' || *path == '?';
    while (path_len > 0 && path[path_len - 1] == '/')
        path_len--;
    const char *seg = path + path_len;
    while (seg > path && seg[-1] != '/')
        seg--;
    size_t seg_len = (size_t)(path + path_len - seg), ext_len = 0;
    for (size_t i = seg_len; i > 1; i--)
        if (seg[i - 1] == '.') {
            ext_len = seg_len - i;
            seg_len = i - 1;
            break;
        }
    return generic_segment(seg, seg_len, seg + seg_len + 1, ext_len, query);
}

char *gl_cli_title_name(const char *title, char *buf) {
    size_t n = 0, len = title ? strlen(title) : 0, word_end = 0;
    bool cut = false;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = gl_utf8_decode(title + i, len - i, &cp);
        int cat = cp < 0 ? 0 : gl_utf8_category(cp);
        bool keep = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
        i += k;
        if (!keep) {
            if (n > 0 && buf[n - 1] != '-') {
                word_end = n;
                buf[n++] = '-';
            }
            continue;
        }
        char enc[4];
        size_t m = gl_utf8_encode(gl_utf8_tolower(cp), enc);
        if (n + m > GL_CLI_URL_NAME_MAX) {
            cut = true;
            break;
        }
        memcpy(buf + n, enc, m);
        n += m;
    }
    /* Cut at the end of a word when the title is longer than a name. */
    if (cut && word_end > 0)
        n = word_end;
    while (n > 0 && buf[n - 1] == '-')
        n--;
    buf[n] = '\0';
    return buf;
}

const char *gl_cli_printable(const char *s, char *buf, size_t size) {
    size_t len = strlen(s), n = 0;
    /* Each byte takes at most 4 ("\xFF"). */
    char *all = gl_cli_xrealloc(NULL, len * 4 + 1);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = gl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0 || cp < 0x20 || cp == 0x7f) {
            unsigned char c = (unsigned char)s[i];
            if (c == '\n' || c == '\t')
                n += (size_t)snprintf(all + n, 5, "\\%c", c == '\n' ? 'n' : 't');
            else
                n += (size_t)snprintf(all + n, 5, "\\x%02X", c);
            i++;
            continue;
        }
        memcpy(all + n, s + i, k);
        n += k;
        i += k;
    }
    all[n] = '\0';
    gl_utf8_fit(buf, size, all);
    free(all);
    return buf;
}

const char *gl_cli_file_kind(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

double gl_cli_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
