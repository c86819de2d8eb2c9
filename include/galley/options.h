/* galley: conversion options, and every limit with its default and reason. */
#ifndef GALLEY_OPTIONS_H
#define GALLEY_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where the library's own memory (arena chunks included) comes from. Any
 * function may return NULL; that becomes GL_ENOMEM, never a crash. */
typedef struct gl_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} gl_allocator;

/* Receives warnings (invalid bytes replaced, markup dropped...). `file` is the
 * input's name, `line` 0 when unknown. The library never prints. */
typedef void (*gl_warn_fn)(void *userdata, const char *file, unsigned long line,
                           const char *message);

typedef enum gl_links_style {
    GL_LINKS_REFS = 0, /* "text [1]" and a numbered list of URLs at the end */
    GL_LINKS_INLINE,   /* "text <https://...>" */
    GL_LINKS_NONE      /* the link text alone */
} gl_links_style;

typedef enum gl_paper {
    GL_PAPER_A4 = 0,
    GL_PAPER_LETTER,
    GL_PAPER_A5,
    GL_PAPER_A6,    /* 105 x 148 mm, near a 6-inch e-reader's screen */
    GL_PAPER_CUSTOM /* paper_width x paper_height */
} gl_paper;

/* Limits. Inputs come from the web and batches run unattended, so every
 * resource a document can make us spend is bounded. */
#define GL_DEFAULT_MAX_INPUT ((size_t)64 << 20) /* 64 MiB: 500x a large news page */
#define GL_DEFAULT_MAX_DEPTH 256     /* nesting of blocks/inlines; deeper is never prose */
#define GL_DEFAULT_MAX_NODES 2000000 /* ~100 bytes a node: caps a tree near 200 MB */
/* cmark-gfm 0.29.0.gfm.6 (Debian 12) spends time quadratic in a table row's
 * cells (a 20,000-column row takes seconds); no readable table is wider. */
#define GL_DEFAULT_MAX_TABLE_COLUMNS 256
/* 25 megapixels: more than a 6000 x 4000 camera photo; decoding one to RGBA
 * (as libpng does for the PDF writer, and an e-reader for an EPUB) takes
 * 100 MB, and a tiny PNG can claim billions of pixels. */
#define GL_DEFAULT_MAX_IMAGE_PIXELS ((size_t)25000000)
/* Unclosed "![" in one Markdown paragraph: cmark-gfm 0.29.0.gfm.6 walks all
 * of them for every link that follows (quadratic); prose has none. Fixed,
 * not an option: it only decides when "![" is read as text. */
#define GL_MAX_OPEN_IMAGES 64
/* 768 MiB: what one conversion may hold (issue 14). The largest real page
 * of the corpus takes under 60 MiB to PDF; 500,000 links or headings took
 * 2.5 to 3.4 GB before their costs were cut, and `-j N` multiplies it. With
 * the tree, fonts and the allocator's slack on top, a conversion stays
 * under 1 GiB resident, and a batch worker can be given a hard ceiling
 * (RLIMIT_AS) a margin above it. */
#define GL_DEFAULT_MAX_MEMORY ((size_t)768 << 20)
#define GL_DEFAULT_WIDTH 72 /* text column width, as e-mail and pandoc use */

/* Fill a gl_options with gl_options_init or GL_OPTIONS_INIT (below), never by
 * hand: either sets `version`, which the library checks. */
typedef struct gl_options {
    /* GL_OPTIONS_VERSION of the header the caller was built with. gl_read,
     * gl_write and gl_book_new refuse another with GL_EINVAL, so a program
     * built against one galley never hands a later one a shorter struct. */
    unsigned version;

    const gl_allocator *allocator; /* NULL: malloc/realloc/free */
    gl_warn_fn warn;               /* NULL: warnings are dropped */
    void *warn_userdata;

    size_t max_input;         /* bytes of one input; GL_ELIMIT past it */
    size_t max_depth;         /* nesting depth of the tree; GL_ELIMIT past it */
    size_t max_nodes;         /* nodes in one tree; GL_ELIMIT past it */
    size_t max_table_columns; /* Markdown: a row's '|' past it are read as text, with a warning */
    size_t max_image_pixels;  /* pdf and epub writers: a larger image is left out, with a
                                 warning naming this limit, and its alt text shown */
    size_t max_memory;        /* pdf writer: bytes it and libharu may hold at once, the tree
                                 and decoded images counted; GL_ELIMIT past it ("document too
                                 large for the memory limit"); 0: no limit */

    const char *base_url; /* resolves relative links and images; NULL: none given */
    bool strict;          /* invalid UTF-8 in the input is an error, not a warning */
    bool whole_page;      /* HTML: convert the whole page, no article extraction */
    bool explain;         /* HTML: say through `warn` where the article and metadata came from */
    /* Markdown: keep quotes, dashes and dots as typed. Otherwise, as pandoc's
     * "smart" extension does, straight quotes become curly ones, "--" and
     * "---" en and em dashes, "..." an ellipsis (cmark-gfm's
     * CMARK_OPT_SMART). Web pages always keep their own characters. */
    bool no_smart;

    unsigned width;       /* text writer: wrap column; 0 = one line per paragraph */
    gl_links_style links; /* text writer: how links appear */
    bool body_only;       /* text writer: running text, link text only; no header, refs, figures */
    bool ascii;           /* text writer: typographic punctuation and accented letters as ASCII */
    bool crlf;            /* text writer: lines end with CR LF rather than LF */

    /* The file the document was read from, or NULL. The epub and pdf writers
     * take local images from its folder (and below, never above) and name it
     * in warnings; without it no local image is embedded. */
    const char *source_path;

    gl_paper paper;     /* pdf writer */
    bool ragged;        /* pdf writer: ragged right, not justified paragraphs */
    double paper_width; /* pdf writer: GL_PAPER_CUSTOM's size in points */
    double paper_height;
    double margin; /* pdf writer: page margin in points; 0: the paper's own (20 mm, A5/A6 less) */
    double font_size; /* pdf writer: body type size in points (4-72); 0: 10.5. Headings, code,
                         notes and spacing scale with it */
    const char *font_family;     /* pdf writer: fontconfig family of the body text ("Liberation
                                    Serif"); NULL: DejaVu Serif. Must have TrueType outlines */
    long long source_date_epoch; /* fixed time for outputs that record one; -1: unset */

    /* pdf writer: a file remembering the font files fontconfig chose, checked
     * against the mtimes of fontconfig's configuration and font folders, so a
     * conversion can skip fontconfig's start-up (the CLI passes
     * $XDG_CACHE_HOME/galley/fonts). The writer creates or replaces it; NULL:
     * no cache, fontconfig every time. Its folder also keeps the compiled
     * hyphenation dictionaries (hyph_*.bin), read back faster than a .dic is
     * parsed. */
    const char *font_cache;

    /* "Now", in seconds since 1970 (UTC): the HTML reader takes no date
     * found in a page that lies after it (a day of slack for time zones),
     * and reads a two-digit year as the century's that does not. -1 (the
     * default): the clock, read once per conversion. Fix it to reproduce a
     * conversion byte for byte on another day. No output records it: that
     * is source_date_epoch's role. */
    long long now;

    /* epub writer: the cover, a PNG or JPEG file (any path: the user names
     * it). NULL: a cover drawn from the metadata (title, byline, site, date)
     * as an SVG image. A file that cannot be read or is not a PNG or JPEG
     * image fails the book (GL_EIO, GL_EFORMAT, or GL_ELIMIT past
     * max_image_pixels). */
    const char *cover;
} gl_options;

/* The layout of gl_options above. Raised when a released galley's gl_options
 * changes, from which on the library still takes the older versions (as
 * libgit2 does with its option structs). */
#define GL_OPTIONS_VERSION 1

/* The defaults above, as an initialiser: `gl_options opt = GL_OPTIONS_INIT;`
 * (C99, or C++20: the fields in their order). */
#define GL_OPTIONS_INIT                                                                            \
    {                                                                                              \
        .version = GL_OPTIONS_VERSION, .max_input = GL_DEFAULT_MAX_INPUT,                          \
        .max_depth = GL_DEFAULT_MAX_DEPTH, .max_nodes = GL_DEFAULT_MAX_NODES,                      \
        .max_table_columns = GL_DEFAULT_MAX_TABLE_COLUMNS,                                         \
        .max_image_pixels = GL_DEFAULT_MAX_IMAGE_PIXELS, .max_memory = GL_DEFAULT_MAX_MEMORY,      \
        .width = GL_DEFAULT_WIDTH, .links = GL_LINKS_REFS, .paper = GL_PAPER_A4,                   \
        .source_date_epoch = -1, .now = -1                                                         \
    }

/* Fills `opt` with GL_OPTIONS_INIT. Use it, then change fields. */
GL_EXPORT void gl_options_init(gl_options *opt);

#ifdef __cplusplus
}
#endif
#endif
