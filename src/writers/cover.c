/* The generated cover (writers/cover.h). A library shelf shows covers
 * 100-200 pixels tall, so the title takes the largest type that fits it in
 * at most six lines, the byline and date stay above 1/40 of the height, and
 * the background colour, one of a few dark ones picked by the title's hash,
 * tells neighbouring books apart. SVG has no line breaking: lines are broken
 * here by UAX #14 (layout/linebreak.h) with widths estimated from display
 * columns, generously, since the reader's fonts are not known. */
#include "writers/cover.h"

#include <string.h>
#include "layout/linebreak.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/hash.h"
#include "util/lang.h"
#include "util/utf8.h"

enum {
    WIDTH = 1200,
    HEIGHT = 1800,
    LEFT = 120,      /* the text's left edge */
    MEASURE = 960,   /* its width */
    TITLE_TOP = 370, /* the title's block */
    TITLE_BOTTOM = 1320,
    TITLE_LINES = 6,
};

/* Widths as a share of the type size per display column: most Latin letters
 * of a bold serif take 0.5-0.6 em; a CJK character, two columns, 1 em. */
#define TITLE_EM 0.6
#define TEXT_EM 0.56

/* Dark grounds for white type (contrast above 7:1), and an accent each. */
static const struct {
    const char *ground, *accent;
} palette[] = {
    {"#1f3a5f", "#e8b04a"}, {"#2f4f4f", "#f0c987"}, {"#5b1f2e", "#f2a65a"},
    {"#1e4d3a", "#d9c36a"}, {"#33334d", "#9fc5e8"}, {"#4a2c4f", "#f4b6c2"},
};

typedef struct measure {
    const char *text;
    double em; /* units per display column */
} measure;

static double columns_width(void *userdata, size_t start, size_t end) {
    const measure *m = userdata;
    return (double)gl_display_width(m->text + start, end - start) * m->em;
}

/* Appends s[0..len) as XML text. */
static void put(gl_buf *b, const char *s, size_t len) { gl_escape_xml(b, s, len, false); }

/* Appends the longest start of s[0..len) that, followed by an ellipsis,
 * fits in `width`, then the ellipsis. */
static void put_cut(gl_buf *b, const char *s, size_t len, double em, double width) {
    size_t keep = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = gl_utf8_decode(s + i, len - i, &cp);
        if ((double)(gl_display_width(s, i + n) + 1) * em > width)
            break;
        i += n;
        keep = i;
    }
    while (keep && s[keep - 1] == ' ')
        keep--;
    put(b, s, keep);
    gl_buf_puts(b, "\xE2\x80\xA6");
}

/* Breaks `s` into lines of at most `width` at type size `size`. */
static gl_status wrap(const char *s, double size, double em_share, const gl_allocator *alloc,
                      gl_line **lines, size_t *count) {
    measure m = {s, size * em_share};
    gl_linebreak_params p = {0};
    p.max_width = MEASURE;
    p.break_long_words = true;
    return gl_linebreak(s, strlen(s), &p, columns_width, &m, alloc, lines, count);
}

/* A <text> of up to `max` lines from `s`, the first baseline at `y`, the
 * last line cut with an ellipsis when more would follow. */
static gl_status text_block(gl_buf *b, const char *s, double size, double em_share, int max,
                            double y, const char *attrs, const gl_allocator *alloc) {
    gl_line *lines = NULL;
    size_t count = 0;
    gl_status st = wrap(s, size, em_share, alloc, &lines, &count);
    if (st != GL_OK || count == 0) {
        gl_free(alloc, lines);
        return st;
    }
    gl_buf_printf(b, "<text x=\"%d\" y=\"%.0f\" font-size=\"%.0f\" %s>", LEFT, y, size, attrs);
    for (size_t i = 0; i < count && i < (size_t)max; i++) {
        gl_buf_printf(b, "<tspan x=\"%d\" y=\"%.0f\">", LEFT, y + (double)i * size * 1.15);
        if (i + 1 == (size_t)max && count > i + 1)
            put_cut(b, s + lines[i].start, strlen(s) - lines[i].start, size * em_share, MEASURE);
        else
            put(b, s + lines[i].start, lines[i].end - lines[i].start);
        gl_buf_puts(b, "</tspan>");
    }
    gl_buf_puts(b, "</text>\n");
    gl_free(alloc, lines);
    return GL_OK;
}

/* The largest title size, from 120 down, whose lines fit the title's block
 * (the smallest size when none does: its last line is cut). */
static gl_status title_size(const char *title, const gl_allocator *alloc, double *size) {
    static const double sizes[] = {120, 108, 96, 86, 76, 68, 60, 54};
    size_t n = sizeof sizes / sizeof sizes[0];
    for (size_t i = 0; i < n; i++) {
        gl_line *lines = NULL;
        size_t count = 0;
        gl_status st = wrap(title, sizes[i], TITLE_EM, alloc, &lines, &count);
        gl_free(alloc, lines);
        if (st != GL_OK)
            return st;
        *size = sizes[i];
        if (count <= TITLE_LINES && count * sizes[i] * 1.15 <= TITLE_BOTTOM - TITLE_TOP)
            break;
    }
    return GL_OK;
}

gl_status gl_cover_svg(gl_buf *out, const gl_cover_text *text, const gl_allocator *alloc) {
    if (!alloc)
        alloc = gl_allocator_of(NULL);
    const char *title = text->title && *text->title ? text->title : "Untitled";
    uint64_t h = gl_hash_bytes(GL_HASH_INIT, title, strlen(title));
    size_t pick = (size_t)(h % (sizeof palette / sizeof palette[0]));
    gl_buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
    gl_buf_printf(out, " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"", WIDTH, HEIGHT, WIDTH,
                  HEIGHT);
    if (text->lang && gl_lang_tag_ok(text->lang)) {
        gl_buf_puts(out, " xml:lang=\"");
        gl_escape_xml(out, text->lang, strlen(text->lang), true);
        gl_buf_putc(out, '"');
    }
    gl_buf_puts(out, ">\n<title>");
    put(out, title, strlen(title));
    gl_buf_printf(out,
                  "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"%s\"/>\n"
                  "<rect x=\"60\" y=\"60\" width=\"%d\" height=\"%d\" fill=\"none\""
                  " stroke=\"#ffffff\" stroke-opacity=\"0.3\" stroke-width=\"4\"/>\n",
                  WIDTH, HEIGHT, palette[pick].ground, WIDTH - 120, HEIGHT - 120);
    gl_status st = GL_OK;
    if (text->site && *text->site)
        st = text_block(out, text->site, 46, TEXT_EM, 1, 210,
                        "font-family=\"sans-serif\" letter-spacing=\"2\" fill=\"#f3ede2\"", alloc);
    gl_buf_printf(out, "<rect x=\"%d\" y=\"260\" width=\"140\" height=\"10\" fill=\"%s\"/>\n", LEFT,
                  palette[pick].accent);
    double size = 0;
    if (st == GL_OK)
        st = title_size(title, alloc, &size);
    if (st == GL_OK)
        st = text_block(out, title, size, TITLE_EM, TITLE_LINES, TITLE_TOP + size * 0.9,
                        "font-family=\"serif\" font-weight=\"bold\" fill=\"#ffffff\"", alloc);
    if (st == GL_OK && text->byline && *text->byline)
        st = text_block(out, text->byline, 58, TEXT_EM, 2, 1450,
                        "font-family=\"serif\" fill=\"#ffffff\"", alloc);
    if (st == GL_OK && text->date && *text->date)
        st = text_block(out, text->date, 46, TEXT_EM, 1, 1620,
                        "font-family=\"sans-serif\" fill=\"#f3ede2\"", alloc);
    gl_buf_puts(out, "</svg>\n");
    if (st == GL_OK && out->status != GL_OK)
        st = GL_ENOMEM;
    return st;
}
