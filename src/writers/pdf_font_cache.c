/* The file that lets one conversion skip fontconfig's start-up (~7 ms of a
 * ~10 ms run): the font files fontconfig chose last time, with what that
 * choice depended on, each recorded so it can be checked with one stat():
 *
 *   galley-font-cache 2
 *   env FONTCONFIG_FILE=...          environment fontconfig reads (every run)
 *   face 0 /usr/share/.../DejaVuSerif.ttf
 *   fallback Hani:zh-cn:0 /usr/share/.../DroidSansFallbackFull.ttf  (pdf_fonts.h's key)
 *   stamp MTIME_S MTIME_NS SIZE PATH  a config file, a font folder, a font file
 *   absent PATH                       a user config or font folder not there
 *
 * Folders are every one fontconfig scanned (FcConfigGetFontDirs lists the
 * subfolders too), so adding, removing or replacing a font changes a stamp;
 * so does editing or adding a configuration file. Anything unexpected makes
 * the cache invalid and fontconfig decides, as without a cache. */
#include "writers/pdf_fonts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "modules/modules.h"
#include "util/alloc.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/error.h"

#define CACHE_MAX (1 << 20) /* a cache larger than this is not ours */

static const char *const env_keys[] = {"FONTCONFIG_FILE",    "FONTCONFIG_PATH",
                                       "FONTCONFIG_SYSROOT", "HOME",
                                       "XDG_CONFIG_HOME",    "XDG_DATA_HOME"};

static void put_env(gl_buf *b) {
    for (size_t i = 0; i < sizeof env_keys / sizeof *env_keys; i++) {
        const char *v = getenv(env_keys[i]);
        gl_buf_printf(b, "env %s=%s\n", env_keys[i], v ? v : "");
    }
}

/* A path we can write on one line and read back. */
static bool plain(const char *path) { return path[0] == '/' && !strpbrk(path, "\n\r"); }

static void put_stamp(gl_buf *b, const char *path) {
    struct stat sb;
    if (!plain(path))
        return;
    if (stat(path, &sb) != 0)
        gl_buf_printf(b, "absent %s\n", path);
    else
        gl_buf_printf(b, "stamp %lld %ld %lld %s\n", (long long)sb.st_mtim.tv_sec,
                      (long)sb.st_mtim.tv_nsec, (long long)sb.st_size, path);
}

/* Stamps the paths fontconfig lists (gl_fonts_module.each_dependency); with
 * `parents`, each one's folder too (a new configuration file there changes
 * it). Font folders need no parent: every folder fontconfig scanned is listed
 * itself, and an absent one is stamped "absent". */
typedef struct stamper {
    gl_buf *b;
    bool parents;
    char last[4096]; /* the folder stamped last */
} stamper;

static void stamp_each(void *userdata, const char *path) {
    stamper *s = userdata;
    put_stamp(s->b, path);
    const char *slash = s->parents ? strrchr(path, '/') : NULL;
    if (!slash || slash == path || (size_t)(slash - path) >= sizeof s->last)
        return;
    /* the folder holding it: a new file there changes its stamp */
    size_t n = (size_t)(slash - path);
    if (strncmp(s->last, path, n) == 0 && s->last[n] == '\0')
        return;
    memcpy(s->last, path, n);
    s->last[n] = '\0';
    put_stamp(s->b, s->last);
}

/* Stamps $XDG_<...>/`xdg_part` when that variable is set, else
 * $HOME/`home_part`. */
static void put_xdg_place(gl_buf *b, const char *xdg, const char *xdg_part, const char *home_part) {
    const char *home = getenv("HOME"), *base = getenv(xdg);
    char path[4096];
    if (base && *base)
        snprintf(path, sizeof path, "%s/%s", base, xdg_part);
    else if (home)
        snprintf(path, sizeof path, "%s/%s", home, home_part);
    else
        return;
    put_stamp(b, path);
}

/* The places fontconfig's default configuration looks for user files, so
 * that creating one invalidates the cache. */
static void put_user_places(gl_buf *b) {
    put_xdg_place(b, "XDG_CONFIG_HOME", "fontconfig", ".config/fontconfig");
    put_xdg_place(b, "XDG_DATA_HOME", "fonts", ".local/share/fonts");
    const char *home = getenv("HOME");
    if (home) {
        char path[4096];
        snprintf(path, sizeof path, "%s/.fonts", home);
        put_stamp(b, path);
        snprintf(path, sizeof path, "%s/.fonts.conf", home);
        put_stamp(b, path);
    }
}

void gl_pdf_fonts_save(const gl_pdf_fonts *fonts, const char *cache, const gl_allocator *alloc) {
    if (!cache || !plain(cache))
        return;
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++) {
        if (!fonts->path[f] || !plain(fonts->path[f]))
            return;
    }
    gl_buf b;
    gl_buf_init(&b, alloc, CACHE_MAX);
    gl_buf_puts(&b, "galley-font-cache 2\n");
    put_env(&b);
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++)
        gl_buf_printf(&b, "face %d %s\n", f, fonts->path[f]);
    for (size_t i = 0; i < fonts->nfallback; i++) {
        const gl_pdf_fallback *f = &fonts->fallback[i];
        if (plain(f->path) && *f->key && !strpbrk(f->key, " \n\r"))
            gl_buf_printf(&b, "fallback %s %s\n", f->key, f->path);
    }
    const gl_fonts_module *fc;
    gl_error ignored;
    gl_error_init(&ignored, NULL);
    if (gl_module_get_fonts(&fc, &ignored) != GL_OK) {
        gl_buf_free(&b);
        return;
    }
    stamper files = {&b, true, ""}, folders = {&b, false, ""};
    fc->each_dependency(false, stamp_each, &files);
    fc->each_dependency(true, stamp_each, &folders);
    put_user_places(&b);
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++)
        put_stamp(&b, fonts->path[f]);
    for (size_t i = 0; i < fonts->nfallback; i++)
        put_stamp(&b, fonts->fallback[i].path);
    /* A cache that cannot be written only costs the next run time. */
    if (b.status == GL_OK)
        gl_atomic_save(cache, b.data, b.len, 0600);
    gl_buf_free(&b);
}

/* Reads the whole cache file into `b`; false when absent or unreadable. */
static bool read_cache(const char *cache, gl_buf *b) {
    int fd = open(cache, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        gl_buf_append(b, chunk, (size_t)n);
    close(fd);
    return n == 0 && b->status == GL_OK && b->len > 0;
}

static bool check_stamp(const char *rest) {
    long long sec, size;
    long nsec;
    int used = 0;
    if (sscanf(rest, "%lld %ld %lld %n", &sec, &nsec, &size, &used) != 3 || used == 0)
        return false;
    struct stat sb;
    return stat(rest + used, &sb) == 0 && sb.st_mtim.tv_sec == sec && sb.st_mtim.tv_nsec == nsec &&
           (long long)sb.st_size == size;
}

static bool check_env(const char *rest) {
    const char *eq = strchr(rest, '=');
    if (!eq)
        return false;
    for (size_t i = 0; i < sizeof env_keys / sizeof *env_keys; i++) {
        size_t k = strlen(env_keys[i]);
        if ((size_t)(eq - rest) == k && memcmp(rest, env_keys[i], k) == 0) {
            const char *v = getenv(env_keys[i]);
            return strcmp(v ? v : "", eq + 1) == 0;
        }
    }
    return false;
}

gl_status gl_pdf_fonts_load_cache(gl_pdf_fonts *out, const char *cache, bool *hit,
                                  const gl_allocator *alloc, gl_error *err) {
    *hit = false;
    gl_buf b;
    gl_buf_init(&b, alloc, CACHE_MAX);
    if (!read_cache(cache, &b)) {
        gl_status st = b.status == GL_ENOMEM
                           ? gl_fail(err, GL_ENOMEM, 0, "out of memory reading the font cache")
                           : GL_OK;
        gl_buf_free(&b);
        return st;
    }
    bool valid = strncmp(b.data, "galley-font-cache 2\n", 20) == 0 && b.data[b.len - 1] == '\n';
    gl_status st = GL_OK;
    size_t envs = 0;
    for (char *line = b.data; valid && st == GL_OK && *line;) {
        char *end = strchr(line, '\n');
        *end = '\0';
        int face;
        int used = 0;
        if (strncmp(line, "galley-font-cache ", 18) == 0) {
            /* the header, checked above */
        } else if (strncmp(line, "env ", 4) == 0) {
            valid = check_env(line + 4);
            envs++;
        } else if (strncmp(line, "stamp ", 6) == 0) {
            valid = check_stamp(line + 6);
        } else if (strncmp(line, "absent ", 7) == 0) {
            struct stat sb;
            valid = stat(line + 7, &sb) != 0 && errno == ENOENT;
        } else if (sscanf(line, "face %d %n", &face, &used) == 1 && used > 0 && face >= 0 &&
                   face < GL_PDF_FACE_COUNT && !out->path[face]) {
            if (!(out->path[face] = gl_strdup(alloc, line + used)))
                st = gl_fail(err, GL_ENOMEM, 0, "out of memory reading the font cache");
        } else if (strncmp(line, "fallback ", 9) == 0 && strchr(line + 9, ' ')) {
            char *path = strchr(line + 9, ' ');
            *path++ = '\0';
            st = gl_pdf_fonts_add_fallback(out, line + 9, path, alloc, err);
        } else {
            valid = false;
        }
        line = end + 1;
    }
    for (int f = 0; f < GL_PDF_FACE_COUNT; f++)
        valid = valid && out->path[f];
    valid = valid && envs == sizeof env_keys / sizeof *env_keys;
    gl_buf_free(&b);
    if (st != GL_OK || !valid) {
        gl_pdf_fonts_release(out, alloc);
        return st;
    }
    *hit = true;
    return GL_OK;
}
