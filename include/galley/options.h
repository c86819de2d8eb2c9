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

/* A document's images fetched from the web (galley/fetch.h). */
typedef struct gl_images gl_images;

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
/* URL inputs: a server that has not answered the connection in 15 s is
 * taken as down (curl's own default is 300 s); a page still arriving after
 * 60 s is taken as stuck: a 5 MiB page needs under 1 Mbit/s for that. */
#define GL_DEFAULT_FETCH_CONNECT_TIMEOUT 15
#define GL_DEFAULT_FETCH_TIMEOUT 60
/* A page's images (gl_images_fetch): 16 MiB for one, more than a 25
 * megapixel JPEG at high quality takes; 128 MiB for all of a document's,
 * held until its last writer is done, which leaves most of max_memory to
 * the writers that decode them one at a time. */
#define GL_DEFAULT_MAX_IMAGE_BYTES ((size_t)16 << 20)
#define GL_DEFAULT_MAX_IMAGES_BYTES ((size_t)128 << 20)
#define GL_DEFAULT_WIDTH 72 /* text column width, as e-mail and pandoc use */

/* Request slots per host shared by conversions that run at the same time
 * (a batch's worker processes), so that together they keep to gl_fetch's
 * and gl_images_fetch's 2 requests at a time to one host. `host` is
 * "name:port" as the URL has it. */
typedef struct gl_fetch_gate {
    /* Takes one of the host's slots: true, or false when none is free now
     * (the fetch waits a moment and asks again). Called from the thread
     * that fetches. */
    bool (*acquire)(void *userdata, const char *host);
    /* Gives back a slot that acquire gave. */
    void (*release)(void *userdata, const char *host);
    void *userdata;
} gl_fetch_gate;

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
    bool strict;          /* invalid UTF-8 in the input, or (PDF) a character no installed
                             font has, is an error (GL_EFONT), not a warning */
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

    /* URL inputs (gl_fetch, galley/fetch.h): seconds allowed to connect,
     * and for the whole transfer with its redirects; 0: no limit. */
    unsigned fetch_connect_timeout;
    unsigned fetch_timeout;

    /* pdf and epub writers: the document's http and https images, fetched
     * beforehand by gl_images_fetch (galley/fetch.h). NULL: no remote image
     * is embedded, and its alt text stands in for it. */
    const gl_images *images;
    size_t max_image_bytes;  /* gl_images_fetch: one image's bytes, decompressed */
    size_t max_images_bytes; /* gl_images_fetch: all of one document's images */
    /* gl_images_fetch: fetch images from loopback, private (RFC 1918,
     * fc00::/7), link-local and unspecified addresses too. Otherwise only
     * the page's own origin may be such an address, and only when the page
     * itself came from one. */
    bool allow_private_network;
    /* gl_fetch and gl_images_fetch: "HOST:PORT:ADDRESS" entries, as curl's
     * --resolve, that take HOST:PORT to ADDRESS without asking DNS; NULL or
     * ended by NULL. */
    const char *const *resolve;
    /* gl_fetch and gl_images_fetch: slots shared with other conversions
     * (above); NULL: each call counts only its own requests. */
    const gl_fetch_gate *fetch_gate;
    /* gl_read: leave a document that declares no language without one
     * rather than guess it (libexttextcat: some 2.4 M instructions, most of
     * a short Markdown-to-text run); the caller guesses with
     * gl_doc_guess_lang once it knows an output uses the language
     * (gl_writer_uses_lang). The tool does so. */
    bool lang_on_demand;
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
        .source_date_epoch = -1, .now = -1,                                                        \
        .fetch_connect_timeout = GL_DEFAULT_FETCH_CONNECT_TIMEOUT,                                 \
        .fetch_timeout = GL_DEFAULT_FETCH_TIMEOUT, .max_image_bytes = GL_DEFAULT_MAX_IMAGE_BYTES,  \
        .max_images_bytes = GL_DEFAULT_MAX_IMAGES_BYTES                                            \
    }

/* Fills `opt` with GL_OPTIONS_INIT. Use it, then change fields. */
GL_EXPORT void gl_options_init(gl_options *opt);

#ifdef __cplusplus
}
#endif
#endif
