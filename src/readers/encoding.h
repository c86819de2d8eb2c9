/* Character encoding of HTML input: detection (BOM, <meta> prescan, UTF-8
 * validity, windows-1252) and conversion to UTF-8 before libxml2 sees it. */
#ifndef GL_READERS_ENCODING_H
#define GL_READERS_ENCODING_H

#include <stddef.h>
#include "galley/galley.h"
#include "util/buf.h"
#include "util/utf8.h"

/* How the encoding was decided, in the order the steps are tried. */
typedef enum gl_charset_source {
    GL_CHARSET_BOM = 0, /* a UTF-8 or UTF-16 byte order mark */
    GL_CHARSET_META,    /* <meta charset> or http-equiv Content-Type near the start */
    GL_CHARSET_HTTP,    /* undeclared in the bytes: the transport's (gl_input.charset) */
    GL_CHARSET_UTF8,    /* undeclared, and the bytes are (almost all) valid UTF-8 */
    GL_CHARSET_DEFAULT  /* undeclared and not UTF-8: windows-1252, as browsers do */
} gl_charset_source;

typedef struct gl_charset {
    char name[48]; /* "UTF-8", "UTF-16LE", "windows-1252", or an iconv name */
    gl_charset_source source;
    size_t bom; /* bytes of byte order mark to skip (0, 2 or 3) */
} gl_charset;

/* How many bytes of the input the <meta> prescan looks at. WHATWG says 1024;
 * real pages put long scripts and styles first, so we look further. */
#define GL_CHARSET_PRESCAN 4096

/* Maps a charset label ("latin1", "UTF8", " Windows-1251 ") to the encoding
 * galley decodes with, following the WHATWG Encoding Standard where it
 * differs from iconv: ISO-8859-1 and US-ASCII mean windows-1252, a UTF-16
 * label inside a document means UTF-8. Writes into name[cap]; false when the
 * label is empty or too long. */
bool gl_charset_from_label(const char *label, size_t len, char *name, size_t cap);

/* Decides the encoding of `data` (never fails: windows-1252 is the last resort). */
void gl_charset_detect(const char *data, size_t len, gl_charset *cs);

/* Appends `data` (BOM included or not: cs->bom bytes are skipped) decoded from
 * cs->name to `out` as UTF-8; undecodable sequences become U+FFFD and are
 * counted in `report`, NUL bytes are dropped. GL_EFORMAT when the encoding is
 * unknown to iconv (nothing appended), GL_ENOMEM or GL_ELIMIT from `out`. */
gl_status gl_charset_decode(gl_buf *out, const char *data, size_t len, const gl_charset *cs,
                            gl_utf8_report *report);

/* Detects and decodes `in` into `out` (valid UTF-8, no BOM). An unknown
 * declared charset falls back to the undeclared rules with a warning.
 * Replaced sequences give a warning, or GL_EPARSE under opt->strict.
 * `cs` (may be NULL) receives what was used. */
gl_status gl_html_decode(gl_buf *out, const gl_input *in, const gl_options *opt, gl_charset *cs,
                         gl_error *err);

#endif
