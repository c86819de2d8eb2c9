/* The EPUB 3 writer (EPUB 3.2, with an NCX for EPUB 2 readers), built with
 * libzip.
 *
 * The book:
 *
 *     mimetype                   first, stored (OCF §4.3)
 *     META-INF/container.xml     points at EPUB/package.opf
 *     EPUB/package.opf           metadata, manifest, spine
 *     EPUB/nav.xhtml, toc.ncx    the table of contents, twice
 *     EPUB/style.css             the XHTML writer's style sheet, code wrapping
 *     EPUB/cover.xhtml           the cover page, first in the spine, showing
 *     EPUB/cover.svg             the cover: opt->cover (cover.png, cover.jpg)
 *                                or one generated from the metadata
 *     EPUB/ch001.xhtml ...       one content document per article
 *     EPUB/img1.png ...          local images at or below the input's folder
 *
 * Memory: libzip 1.7 reads every source only at zip_close, so each chapter
 * is rendered when added and its bytes (and its images') go to one staging
 * temporary file; zip_close reads them back through a source callback. The
 * archive itself is written through a second callback into another
 * temporary file (libzip seeks back to finish each local header), which is
 * copied to the sink at the end. A book thus holds one chapter plus its table
 * of contents in memory, however many chapters it has.
 *
 * Reproducibility: the identifier is a UUID (RFC 4122 version 5) of the
 * article's URL, else of the content; dcterms:modified and every zip entry's
 * time come from opt->source_date_epoch, else the newest article date, else
 * 1980-01-01 (the zip epoch), never from the clock. */
/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700
#include "writers/epub.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/sha1.h>
#include <zip.h>
#include "image/decode.h"
#include "net/images.h"
#include "writers/cover.h"
#include "writers/epub_image.h"
#include "writers/writers.h"
#include "writers/xhtml.h"
#include "tree/text.h"
#include "util/alloc.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/lang.h"
#include "util/localfile.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/url.h"
#include "util/vec.h"
#include "options.h"

/* What an unknown date becomes: 1980-01-01T00:00:00Z, the first time a zip
 * entry can record. */
#define EPOCH_1980 315532800LL
/* Copy and read chunks. */
#define CHUNK 65536

/* "urn:uuid:..." of the version 5 UUID of `name` in RFC 4122's URL namespace
 * (Appendix C), which anyone can recompute from the article's URL. */
static void uuid5_url(const char *name, size_t len, char out[46]) {
    static const unsigned char ns_url[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                             0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    struct sha1_ctx s;
    unsigned char d[SHA1_DIGEST_SIZE];
    sha1_init(&s);
    sha1_update(&s, sizeof ns_url, ns_url);
    sha1_update(&s, len, (const uint8_t *)name);
    sha1_digest(&s, sizeof d, d);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x50);
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80);
    char *p = out + sprintf(out, "urn:uuid:");
    for (int i = 0; i < 16; i++) {
        p += sprintf(p, "%02x", d[i]);
        if (i == 3 || i == 5 || i == 7 || i == 9)
            *p++ = '-';
    }
    *p = '\0';
}

/* ---- the book ---- */

/* A range of the staging file. */
typedef struct span {
    uint64_t off, len;
} span;

typedef struct chapter {
    size_t title, date, lang, url, site, desc; /* pool offsets + 1; 0: absent */
    size_t byline, shown;                      /* the byline; the date as a reader is shown it */
    size_t first_author, nauthors;             /* in e->authors */
    size_t first_heading, nheadings;           /* in e->heads (books of one article) */
    span body;
} chapter;

typedef struct image {
    size_t key;  /* pool offset of the real path */
    size_t name; /* pool offset of "img3.png" */
    const char *mime;
    span body;
} image;

typedef struct heading {
    size_t text, id; /* pool offsets */
} heading;

struct gl_epub {
    const gl_options *opt;
    char why[GL_IMAGE_WHY_MAX]; /* a converted image's reason for failing */
    const gl_allocator *alloc;
    char *tmpdir;            /* where the temporary files go: $TMPDIR, else /tmp */
    bool tmpdir_env;         /* it came from TMPDIR (messages say so) */
    FILE *stage;             /* chapters and images, in the order added */
    uint64_t staged;         /* bytes in `stage` */
    struct sha1_ctx content; /* of every staged byte: the identifier of URL-less books */
    gl_buf pool;             /* every string the book keeps, NUL-terminated */
    chapter *chapters;
    size_t nchapters, chapters_cap;
    image *images;
    size_t nimages, images_cap;
    size_t *authors; /* pool offsets */
    size_t nauthors, authors_cap;
    heading *heads;
    size_t nheads, heads_cap;
    bool nomem;
    /* While a chapter renders: */
    const char *cur_path; /* its source path, for warnings; may be NULL */
    char *cur_dir;        /* the real path of its folder, or NULL */
    gl_buf scratch;       /* a path being built */
    gl_error *cur_err;    /* where staging failures go */
    gl_status cur_status; /* the first staging failure */
};

/* Makes room for `need` elements in the array at `arr_at`. */
static bool grow(gl_epub *e, void *arr_at, size_t *cap, size_t need, size_t elem) {
    if (gl_vec_grow(e->alloc, arr_at, cap, need, elem) == GL_OK)
        return true;
    e->nomem = true;
    return false;
}

/* Copies s[0..len) into the pool; returns its offset + 1, or 0 when out of memory. */
static size_t keep(gl_epub *e, const char *s, size_t len) {
    size_t off = e->pool.len;
    gl_buf_append(&e->pool, s, len);
    if (gl_buf_putc(&e->pool, '\0') != GL_OK) {
        e->nomem = true;
        return 0;
    }
    return off + 1;
}

static size_t keep_str(gl_epub *e, const char *s) { return s ? keep(e, s, strlen(s)) : 0; }

static const char *str(const gl_epub *e, size_t ref) { return ref ? e->pool.data + ref - 1 : NULL; }

/* A string the book always has, by its pool offset. */
static const char *pooled(const gl_epub *e, size_t off) { return e->pool.data + off; }

/* Fails with the temporary folder and the reason named: "No space left on
 * device" alone does not say which disk to clear. */
static gl_status fail_temp(const gl_epub *e, gl_error *err, const char *what, int errnum) {
    return gl_fail(err, GL_EIO, 0, "cannot %s the EPUB's temporary file in %s%s: %s", what,
                   e->tmpdir, e->tmpdir_env ? " (TMPDIR)" : "", strerror(errnum));
}

gl_status gl_epub_new(gl_epub **out, const gl_options *opt, gl_error *err) {
    const gl_allocator *a = gl_allocator_of(opt);
    *out = NULL;
    gl_epub *e = gl_malloc(a, sizeof *e);
    if (!e)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory starting an EPUB");
    memset(e, 0, sizeof *e);
    e->opt = opt;
    e->alloc = a;
    gl_buf_init(&e->pool, a, 0);
    gl_buf_init(&e->scratch, a, 0);
    sha1_init(&e->content);
    const char *dir = getenv("TMPDIR");
    e->tmpdir_env = dir && *dir;
    dir = e->tmpdir_env ? dir : "/tmp";
    size_t n = strlen(dir) + 1;
    e->tmpdir = gl_malloc(a, n);
    if (!e->tmpdir) {
        gl_epub_free(e);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory starting an EPUB");
    }
    memcpy(e->tmpdir, dir, n);
    e->stage = gl_temp_file(e->tmpdir);
    if (!e->stage) {
        gl_status st = fail_temp(e, err, "create", errno);
        gl_epub_free(e);
        return st;
    }
    *out = e;
    return GL_OK;
}

void gl_epub_free(gl_epub *e) {
    if (!e)
        return;
    if (e->stage)
        fclose(e->stage);
    gl_buf_free(&e->pool);
    gl_buf_free(&e->scratch);
    gl_free(e->alloc, e->tmpdir);
    gl_free(e->alloc, e->cur_dir);
    gl_free(e->alloc, e->chapters);
    gl_free(e->alloc, e->images);
    gl_free(e->alloc, e->authors);
    gl_free(e->alloc, e->heads);
    gl_free(e->alloc, e);
}

/* Appends bytes to the staging file; returns the span, or sets cur_status. */
static bool stage(gl_epub *e, const void *data, size_t len, span *out) {
    if (len && fwrite(data, 1, len, e->stage) != len) {
        e->cur_status = fail_temp(e, e->cur_err, "write", errno);
        return false;
    }
    sha1_update(&e->content, len, data);
    out->off = e->staged;
    out->len = len;
    e->staged += len;
    return true;
}

/* ---- images ---- */

/* Whether the URL has a scheme (read as util/url.c reads one) or starts
 * with "//": not a file beside the article. */
static bool is_remote(const char *url) {
    return (url[0] == '/' && url[1] == '/') || !gl_url_is_local(url);
}

/* Reads `path` (a real path) whole into e->scratch, refusing more than
 * opt->max_input bytes. */
static bool read_file(gl_epub *e, const char *path, const char **why) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return false;
    }
    gl_buf_clear(&e->scratch);
    char chunk[CHUNK];
    size_t n;
    bool ok = true;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (e->scratch.len + n > e->opt->max_input) {
            *why = "larger than the input limit (max_input)";
            ok = false;
            break;
        }
        if (gl_buf_append(&e->scratch, chunk, n) != GL_OK) {
            e->nomem = true;
            *why = "out of memory";
            ok = false;
            break;
        }
    }
    if (ok && ferror(f)) {
        *why = strerror(errno);
        ok = false;
    }
    fclose(f);
    return ok;
}

/* A fetched image's bytes (opt->images) into e->scratch; NULL, or why not.
 * *quiet when a warning has already said why. */
static const char *fetched_bytes(gl_epub *e, const char *url, unsigned long line, bool *quiet) {
    const unsigned char *data = NULL;
    size_t len = 0;
    switch (gl_images_find(e->opt->images, url, &data, &len)) {
    case GL_IMAGES_ABSENT:
        gl_warnf(e->opt, e->cur_path, line,
                 "image '%s' is not a local file (galley fetches images only for a URL input, or "
                 "with --fetch-images): its alt text stands in for it in the EPUB",
                 url);
        *quiet = true;
        return "not fetched";
    case GL_IMAGES_REFUSED:
        *quiet = true;
        return "refused";
    case GL_IMAGES_FETCHED:
        break;
    }
    gl_buf_clear(&e->scratch);
    if (gl_buf_append(&e->scratch, (const char *)data, len) != GL_OK) {
        e->nomem = true;
        return "out of memory";
    }
    return NULL;
}

/* The image in e->scratch, when the EPUB cannot carry it as it is (WebP,
 * SVG), replaced there by a PNG; NULL, or why not. */
static const char *convert_to_png(gl_epub *e, size_t max_pixels) {
    gl_error err;
    gl_error_init(&err, NULL);
    bool ok = false;
    gl_status st =
        gl_epub_image_to_png(&e->scratch, max_pixels, gl_allocator_of(e->opt), &ok, e->why, &err);
    if (st == GL_ENOMEM)
        e->nomem = true;
    if (st != GL_OK)
        snprintf(e->why, sizeof e->why, "%.150s", err.message);
    return st == GL_OK && ok ? NULL : e->why;
}

/* The xhtml hook: the book's name for a local image at or below the input's
 * folder, or a fetched one, staged on first use; NULL (with a warning) for
 * anything else. */
static const char *image_src(void *userdata, const gl_node *n) {
    gl_epub *e = userdata;
    const char *url = n->url;
    if (e->cur_status != GL_OK || e->nomem)
        return NULL;
    const char *why = NULL;
    bool nomem = false, quiet = false, remote = is_remote(url);
    if (!remote && !e->cur_dir) {
        gl_warnf(e->opt, e->cur_path, n->line,
                 "image '%s' cannot be found without the input's folder: its alt text stands in "
                 "for it",
                 url);
        return NULL;
    }
    /* The key: the real path of a local file, the URL of a fetched one. */
    char *real = remote ? strdup(url)
                        : gl_local_file(e->cur_dir, url, gl_allocator_of(e->opt), &why, &nomem);
    if (nomem || (remote && !real)) {
        free(real);
        e->nomem = true;
        return NULL;
    }
    if (!real) {
        gl_warnf(e->opt, e->cur_path, n->line,
                 "image '%s' is %s: its alt text stands in for it in the EPUB", url, why);
        return NULL;
    }
    for (size_t i = 0; i < e->nimages; i++)
        if (strcmp(pooled(e, e->images[i].key), real) == 0) {
            free(real);
            return pooled(e, e->images[i].name);
        }
    gl_buf *b = &e->scratch; /* read_file and fetched_bytes leave the bytes there */
    const char *ext = NULL, *mime = NULL;
    uint64_t pixels = 0;
    size_t max_pixels =
        e->opt->max_image_pixels ? e->opt->max_image_pixels : GL_DEFAULT_MAX_IMAGE_PIXELS;
    if (remote)
        why = fetched_bytes(e, url, n->line, &quiet);
    else if (!read_file(e, real, &why) && !why)
        why = "unreadable";
    if (!why && !(mime = gl_epub_image_type((const unsigned char *)b->data, b->len, &ext)) &&
        !(why = convert_to_png(e, max_pixels)))
        mime = gl_epub_image_type((const unsigned char *)b->data, b->len, &ext);
    /* A header cut short decodes to nothing: only a known size is refused. */
    if (mime && gl_epub_image_pixels((const unsigned char *)b->data, b->len, &pixels) &&
        pixels > max_pixels)
        why = "larger than the image limit in pixels (max_image_pixels)";
    if (why || e->nomem)
        mime = NULL;
    if (!mime) {
        if (!quiet && !e->nomem)
            gl_warnf(e->opt, e->cur_path, n->line,
                     "image '%s' cannot be embedded (%s): its alt text stands in for it", url, why);
        free(real);
        return NULL;
    }
    image img = {0, 0, mime, {0, 0}};
    char name[48];
    snprintf(name, sizeof name, "img%zu%s", e->nimages + 1, ext);
    bool ok = stage(e, b->data, b->len, &img.body);
    size_t key = keep_str(e, real), nm = keep_str(e, name);
    free(real);
    if (!ok || !key || !nm ||
        !grow(e, &e->images, &e->images_cap, e->nimages + 1, sizeof *e->images))
        return NULL;
    img.key = key - 1;
    img.name = nm - 1;
    e->images[e->nimages++] = img;
    return str(e, nm);
}

/* The xhtml hook for links: in a book only URLs with a scheme lead anywhere;
 * a relative one, "//host/path" included, would point inside the container
 * at nothing (epubcheck RSC-007). */
static bool keep_link(void *userdata, const char *url) {
    (void)userdata;
    return is_remote(url) && url[0] != '/';
}

/* The xhtml hook for headings: the contents of a one-article book list them. */
static void on_heading(void *userdata, const gl_node *h, const char *id) {
    gl_epub *e = userdata;
    if (h->level > 3 || e->nomem)
        return;
    gl_buf_clear(&e->scratch);
    gl_node_text_collapsed(h, &e->scratch);
    if (e->scratch.status != GL_OK) {
        e->nomem = true;
        return;
    }
    if (e->scratch.len == 0)
        return;
    size_t text = keep(e, e->scratch.data, e->scratch.len), idr = keep_str(e, id);
    if (!text || !idr || !grow(e, &e->heads, &e->heads_cap, e->nheads + 1, sizeof *e->heads))
        return;
    e->heads[e->nheads++] = (heading){text - 1, idr - 1};
}

gl_status gl_epub_add(gl_epub *e, const gl_doc *doc, const char *source_path, gl_error *err) {
    if (!grow(e, &e->chapters, &e->chapters_cap, e->nchapters + 1, sizeof *e->chapters))
        return gl_fail(err, GL_ENOMEM, 0, "out of memory adding a chapter");
    chapter *c = &e->chapters[e->nchapters];
    memset(c, 0, sizeof *c);
    c->title = keep_str(e, gl_doc_meta(doc, GL_META_TITLE));
    c->date = keep_str(e, gl_doc_meta(doc, GL_META_DATE));
    c->lang = keep_str(e, gl_doc_meta(doc, GL_META_LANG));
    c->url = keep_str(e, gl_doc_meta(doc, GL_META_URL));
    c->site = keep_str(e, gl_doc_meta(doc, GL_META_SITE));
    c->desc = keep_str(e, gl_doc_meta(doc, GL_META_DESCRIPTION));
    char shown[GL_DATE_SHOWN_MAX];
    c->byline = keep_str(e, gl_doc_meta(doc, GL_META_BYLINE));
    c->shown = keep_str(e, gl_date_display(doc, shown));
    c->first_author = e->nauthors;
    for (size_t i = 0; i < gl_doc_author_count(doc); i++) {
        size_t a = keep_str(e, gl_doc_author(doc, i));
        if (!a || !grow(e, &e->authors, &e->authors_cap, e->nauthors + 1, sizeof(size_t)))
            break;
        e->authors[e->nauthors++] = a;
        c->nauthors++;
    }
    c->first_heading = e->nheads;

    /* libc's realpath memory: the folder is checked against real paths. */
    free(e->cur_dir);
    e->cur_dir = gl_real_folder_of(source_path);
    e->cur_path = source_path;
    e->cur_err = err;
    e->cur_status = GL_OK;
    gl_xhtml_chapter hooks = {image_src, keep_link, on_heading, e, "style.css"};
    gl_buf body;
    gl_buf_init(&body, e->alloc, 0);
    gl_status st = gl_xhtml_render_chapter(doc, &hooks, &body, e->opt, err);
    free(e->cur_dir);
    e->cur_dir = NULL;
    if (st == GL_OK && e->cur_status != GL_OK)
        st = e->cur_status;
    if (st == GL_OK && (e->nomem || e->pool.status != GL_OK))
        st = gl_fail(err, GL_ENOMEM, 0, "out of memory adding a chapter");
    if (st == GL_OK && stage(e, body.data, body.len, &c->body))
        c->nheadings = e->nheads - c->first_heading;
    else if (st == GL_OK)
        st = e->cur_status;
    gl_buf_free(&body);
    if (st == GL_OK)
        e->nchapters++;
    return st;
}

/* ---- zip sources ---- */

/* A read-only source over a span of the staging file. */
typedef struct span_source {
    gl_epub *e;
    span s;
    uint64_t pos;
    zip_error_t error;
} span_source;

static zip_int64_t span_cb(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t cmd) {
    span_source *src = userdata;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        src->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        uint64_t left = src->s.len - src->pos;
        size_t n = len < left ? (size_t)len : (size_t)left;
        if (n == 0)
            return 0;
        ssize_t got = pread(fileno(src->e->stage), data, n, (off_t)(src->s.off + src->pos));
        if (got <= 0) {
            zip_error_set(&src->error, ZIP_ER_READ, got < 0 ? errno : EIO);
            return -1;
        }
        src->pos += (uint64_t)got;
        return got;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &src->error);
        if (!st)
            return -1;
        zip_stat_init(st);
        st->size = src->s.len;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&src->error, data, len);
    case ZIP_SOURCE_FREE:
        gl_free(src->e->alloc, src);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_READABLE;
    default:
        zip_error_set(&src->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* The archive being written: a temporary file libzip writes and seeks in. */
typedef struct out_file {
    FILE *f;
    const char *dir; /* the folder it is made in */
    bool committed;
    int errnum; /* the first failure's errno, for a message naming the folder */
    zip_error_t error;
} out_file;

static zip_int64_t fail_io(out_file *o, int code) {
    if (!o->errnum)
        o->errnum = errno;
    zip_error_set(&o->error, code, errno);
    return -1;
}

static zip_int64_t out_cb(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t cmd) {
    out_file *o = userdata;
    switch (cmd) {
    case ZIP_SOURCE_STAT:
        /* Nothing there yet: libzip then makes a new archive. */
        zip_error_set(&o->error, ZIP_ER_READ, ENOENT);
        return -1;
    case ZIP_SOURCE_BEGIN_WRITE:
        if (o->f)
            fclose(o->f);
        o->f = gl_temp_file(o->dir);
        return o->f ? 0 : fail_io(o, ZIP_ER_TMPOPEN);
    case ZIP_SOURCE_WRITE:
        return fwrite(data, 1, len, o->f) == len ? (zip_int64_t)len : fail_io(o, ZIP_ER_WRITE);
    case ZIP_SOURCE_SEEK_WRITE: {
        zip_source_args_seek_t *a =
            ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len, &o->error);
        if (!a)
            return -1;
        return fseeko(o->f, (off_t)a->offset, a->whence) == 0 ? 0 : fail_io(o, ZIP_ER_SEEK);
    }
    case ZIP_SOURCE_TELL_WRITE: {
        off_t at = ftello(o->f);
        return at >= 0 ? (zip_int64_t)at : fail_io(o, ZIP_ER_TELL);
    }
    case ZIP_SOURCE_COMMIT_WRITE:
        if (fflush(o->f) != 0)
            return fail_io(o, ZIP_ER_WRITE);
        o->committed = true;
        return 0;
    case ZIP_SOURCE_ROLLBACK_WRITE:
        if (o->f)
            fclose(o->f);
        o->f = NULL;
        return 0;
    case ZIP_SOURCE_OPEN:
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_REMOVE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_READ:
    case ZIP_SOURCE_SEEK:
    case ZIP_SOURCE_TELL:
        /* A new archive is never read back. */
        zip_error_set(&o->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&o->error, data, len);
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_WRITABLE;
    default:
        zip_error_set(&o->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* ---- the package files ---- */

static void text(gl_buf *b, const char *s) { gl_escape_xml(b, s, strlen(s), false); }

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" of an ISO date: the W3CDTF forms
 * dc:date takes without a time zone (epubcheck OPF-053). */
static size_t date_part(const char *iso) {
    size_t n = 0;
    while ((iso[n] >= '0' && iso[n] <= '9') || (iso[n] == '-' && n < 8))
        n++;
    return n == 4 || n == 7 || n == 10 ? n : 0;
}

typedef struct book_meta {
    const char *title;
    char uid[46];
    char modified[64];
    gl_date_fields when;
    bool single;
    const char *cover, *cover_type; /* the cover image's name and media type */
    const gl_doc *book;             /* an anthology's own metadata, or NULL */
} book_meta;

/* <dc:NAME>value</dc:NAME>, when there is a value. */
static void dc_element(gl_buf *b, const char *name, const char *value) {
    if (!value)
        return;
    gl_buf_printf(b, "<dc:%s>", name);
    text(b, value);
    gl_buf_printf(b, "</dc:%s>\n", name);
}

/* Field `f` of an anthology's own metadata, or NULL. */
static const char *book_field(const book_meta *m, gl_meta_field f) {
    const char *v = m->book ? gl_doc_meta(m->book, f) : NULL;
    return v && *v ? v : NULL;
}

static const char *chapter_title(const gl_epub *e, const chapter *c, char *buf, size_t size,
                                 size_t number) {
    const char *t = str(e, c->title);
    if (t && *t)
        return t;
    snprintf(buf, size, "Chapter %zu", number);
    return buf;
}

static void write_opf(gl_epub *e, gl_buf *b, const book_meta *m, const size_t *order) {
    const chapter *first = &e->chapters[order[0]];
    gl_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\""
                   " unique-identifier=\"uid\">\n"
                   "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    gl_buf_printf(b, "<dc:identifier id=\"uid\">%s</dc:identifier>\n<dc:title>", m->uid);
    text(b, m->title);
    gl_buf_puts(b, "</dc:title>\n");
    /* The book's own authors, else every distinct author, in reading
     * order. */
    size_t own = m->book ? gl_doc_author_count(m->book) : 0;
    for (size_t i = 0; i < own; i++)
        dc_element(b, "creator", gl_doc_author(m->book, i));
    for (size_t k = 0; k < e->nchapters && !own; k++) {
        const chapter *c = &e->chapters[order[k]];
        for (size_t i = c->first_author; i < c->first_author + c->nauthors; i++) {
            const char *a = str(e, e->authors[i]);
            bool seen = false;
            for (size_t j = 0; j < k && !seen; j++) {
                const chapter *d = &e->chapters[order[j]];
                for (size_t q = d->first_author; q < d->first_author + d->nauthors && !seen; q++)
                    seen = strcmp(str(e, e->authors[q]), a) == 0;
            }
            for (size_t q = c->first_author; q < i && !seen; q++)
                seen = strcmp(str(e, e->authors[q]), a) == 0;
            if (!seen)
                dc_element(b, "creator", a);
        }
    }
    /* The book's own date, else the newest article date. */
    const char *date = book_field(m, GL_META_DATE);
    date = date && date_part(date) ? date : NULL;
    long long newest = LLONG_MIN;
    for (size_t k = 0; k < e->nchapters && !date; k++) {
        const char *d = str(e, e->chapters[k].date);
        long long t;
        if (d && date_part(d) && gl_iso_date_epoch(d, &t) && t > newest) {
            newest = t;
            date = d;
        }
    }
    if (date)
        gl_buf_printf(b, "<dc:date>%.*s</dc:date>\n", (int)date_part(date), date);
    /* The articles' languages, the first one's first; "und" (undetermined,
     * BCP 47) when none states one: claiming "en" would send a Russian
     * article to English hyphenation and speech. */
    const char *lang = book_field(m, GL_META_LANG);
    bool any_lang = gl_lang_tag_ok(lang);
    dc_element(b, "language", any_lang ? lang : NULL);
    for (size_t k = 0; k < e->nchapters && !lang; k++) {
        const char *l = str(e, e->chapters[order[k]].lang);
        if (!gl_lang_tag_ok(l))
            continue;
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++) {
            const char *o = str(e, e->chapters[order[j]].lang);
            seen = gl_lang_tag_ok(o) && strcmp(o, l) == 0;
        }
        if (!seen)
            dc_element(b, "language", l);
        any_lang = true;
    }
    if (!any_lang)
        gl_buf_puts(b, "<dc:language>und</dc:language>\n");
    if (m->single) {
        dc_element(b, "source", str(e, first->url));
        dc_element(b, "publisher", str(e, first->site));
        dc_element(b, "description", str(e, first->desc));
    } else {
        dc_element(b, "source", book_field(m, GL_META_URL));
        dc_element(b, "publisher", book_field(m, GL_META_SITE));
        dc_element(b, "description", book_field(m, GL_META_DESCRIPTION));
    }
    /* The EPUB 2 way of naming the cover too, which older readers look for. */
    gl_buf_printf(b,
                  "<meta name=\"cover\" content=\"cover-image\"/>\n"
                  "<meta property=\"dcterms:modified\">%s</meta>\n</metadata>\n<manifest>\n",
                  m->modified);
    gl_buf_printf(
        b,
        "<item id=\"cover-image\" href=\"%s\" media-type=\"%s\""
        " properties=\"cover-image\"/>\n"
        "<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n",
        m->cover, m->cover_type);
    gl_buf_puts(b, "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\""
                   " properties=\"nav\"/>\n"
                   "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
                   "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
    for (size_t k = 0; k < e->nchapters; k++)
        gl_buf_printf(b,
                      "<item id=\"ch%zu\" href=\"ch%03zu.xhtml\""
                      " media-type=\"application/xhtml+xml\"/>\n",
                      k + 1, k + 1);
    for (size_t i = 0; i < e->nimages; i++)
        gl_buf_printf(b, "<item id=\"img%zu\" href=\"%s\" media-type=\"%s\"/>\n", i + 1,
                      pooled(e, e->images[i].name), e->images[i].mime);
    gl_buf_puts(b, "</manifest>\n<spine toc=\"ncx\">\n<itemref idref=\"cover\"/>\n");
    /* An anthology opens on its table of contents. */
    if (!m->single)
        gl_buf_puts(b, "<itemref idref=\"nav\"/>\n");
    for (size_t k = 0; k < e->nchapters; k++)
        gl_buf_printf(b, "<itemref idref=\"ch%zu\"/>\n", k + 1);
    gl_buf_puts(b, "</spine>\n</package>\n");
}

/* The start of one of the book's own content documents, to its <title>. */
static void page_start(gl_epub *e, gl_buf *b, const book_meta *m, const size_t *order) {
    const char *lang = str(e, e->chapters[order[0]].lang);
    gl_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n"
                   "<html xmlns=\"http://www.w3.org/1999/xhtml\""
                   " xmlns:epub=\"http://www.idpf.org/2007/ops\"");
    if (gl_lang_tag_ok(lang)) {
        gl_buf_puts(b, " lang=\"");
        gl_escape_xml(b, lang, strlen(lang), true);
        gl_buf_puts(b, "\" xml:lang=\"");
        gl_escape_xml(b, lang, strlen(lang), true);
        gl_buf_putc(b, '"');
    }
    gl_buf_puts(b, ">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
    text(b, m->title);
    gl_buf_puts(b, "</title>\n");
}

static void write_nav(gl_epub *e, gl_buf *b, const book_meta *m, const size_t *order) {
    page_start(e, b, m, order);
    gl_buf_puts(b, "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
                   "</head>\n<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
    text(b, m->single ? "Contents" : m->title);
    gl_buf_puts(b, "</h1>\n<ol>\n");
    char buf[48];
    for (size_t k = 0; k < e->nchapters; k++) {
        const chapter *c = &e->chapters[order[k]];
        gl_buf_printf(b, "<li><a href=\"ch%03zu.xhtml\">", k + 1);
        text(b, chapter_title(e, c, buf, sizeof buf, k + 1));
        gl_buf_puts(b, "</a>");
        if (m->single && c->nheadings) {
            gl_buf_puts(b, "\n<ol>\n");
            for (size_t i = c->first_heading; i < c->first_heading + c->nheadings; i++) {
                gl_buf_printf(b, "<li><a href=\"ch%03zu.xhtml#", k + 1);
                gl_escape_xml(b, pooled(e, e->heads[i].id), strlen(pooled(e, e->heads[i].id)),
                              true);
                gl_buf_puts(b, "\">");
                text(b, pooled(e, e->heads[i].text));
                gl_buf_puts(b, "</a></li>\n");
            }
            gl_buf_puts(b, "</ol>\n");
        }
        gl_buf_puts(b, "</li>\n");
    }
    gl_buf_puts(b, "</ol>\n</nav>\n</body>\n</html>\n");
}

static void nav_point(gl_buf *b, size_t *play, const char *label, const char *src,
                      const char *frag) {
    (*play)++;
    gl_buf_printf(b, "<navPoint id=\"np%zu\" playOrder=\"%zu\"><navLabel><text>", *play, *play);
    text(b, label);
    gl_buf_printf(b, "</text></navLabel><content src=\"%s", src);
    if (frag) {
        gl_buf_putc(b, '#');
        gl_escape_xml(b, frag, strlen(frag), true);
    }
    gl_buf_puts(b, "\"/>");
}

static void write_ncx(gl_epub *e, gl_buf *b, const book_meta *m, const size_t *order) {
    gl_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n");
    gl_buf_printf(b,
                  "<head>\n<meta name=\"dtb:uid\" content=\"%s\"/>\n"
                  "<meta name=\"dtb:depth\" content=\"%d\"/>\n"
                  "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                  "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>",
                  m->uid, m->single && e->nheads ? 2 : 1);
    text(b, m->title);
    gl_buf_puts(b, "</text></docTitle>\n<navMap>\n");
    size_t play = 0;
    char buf[48], src[32];
    for (size_t k = 0; k < e->nchapters; k++) {
        const chapter *c = &e->chapters[order[k]];
        snprintf(src, sizeof src, "ch%03zu.xhtml", k + 1);
        nav_point(b, &play, chapter_title(e, c, buf, sizeof buf, k + 1), src, NULL);
        gl_buf_putc(b, '\n');
        if (m->single)
            for (size_t i = c->first_heading; i < c->first_heading + c->nheadings; i++) {
                nav_point(b, &play, pooled(e, e->heads[i].text), src, pooled(e, e->heads[i].id));
                gl_buf_puts(b, "</navPoint>\n");
            }
        gl_buf_puts(b, "</navPoint>\n");
    }
    gl_buf_puts(b, "</navMap>\n</ncx>\n");
}

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "<rootfiles>\n"
    "<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "</rootfiles>\n</container>\n";

/* The identifier, the time and the title of the book. */
static void book_metadata(gl_epub *e, const char *title, book_meta *m) {
    const chapter *first = &e->chapters[0];
    m->single = !title && e->nchapters == 1;
    m->title = title ? title : str(e, first->title);
    if (!m->title || !*m->title)
        m->title = "Untitled";
    const char *url = str(e, first->url);
    if (m->single && url) {
        uuid5_url(url, strlen(url), m->uid);
    } else {
        /* Named by the digest of the content and the title. */
        unsigned char d[SHA1_DIGEST_SIZE];
        struct sha1_ctx s = e->content;
        sha1_update(&s, strlen(m->title), (const uint8_t *)m->title);
        sha1_digest(&s, sizeof d, d);
        char name[64];
        int n = snprintf(name, sizeof name, "urn:galley:epub:");
        for (int i = 0; i < SHA1_DIGEST_SIZE; i++)
            n += snprintf(name + n, sizeof name - (size_t)n, "%02x", d[i]);
        uuid5_url(name, (size_t)n, m->uid);
    }
    long long when = EPOCH_1980;
    if (e->opt->source_date_epoch >= 0) {
        when = e->opt->source_date_epoch;
    } else {
        long long newest = LLONG_MIN, t;
        for (size_t k = 0; k < e->nchapters; k++) {
            const char *d = str(e, e->chapters[k].date);
            if (d && gl_iso_date_epoch(d, &t) && t > newest)
                newest = t;
        }
        if (newest != LLONG_MIN)
            when = newest;
    }
    /* The zip format cannot go before 1980 nor past 2107; dcterms:modified
     * (a four-digit year) stays in the same range. */
    if (when < EPOCH_1980)
        when = EPOCH_1980;
    if (when > 4354819199LL) /* 2107-12-31T23:59:59Z */
        when = 4354819199LL;
    m->when = gl_date_from_epoch(when);
    snprintf(m->modified, sizeof m->modified, "%04d-%02d-%02dT%02d:%02d:%02dZ", m->when.year,
             m->when.month, m->when.day, m->when.hour, m->when.min, m->when.sec);
}

/* Adds one entry; `src` is consumed either way. Stored entries are only the
 * mimetype (OCF §4.3: first, uncompressed, no extra field). */
static bool add_entry(zip_t *z, const char *name, zip_source_t *src, const book_meta *m,
                      bool store) {
    if (!src)
        return false;
    zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
    if (i < 0) {
        zip_source_free(src);
        return false;
    }
    zip_uint64_t idx = (zip_uint64_t)i;
    zip_uint16_t dtime = (zip_uint16_t)(m->when.hour << 11 | m->when.min << 5 | m->when.sec / 2);
    zip_uint16_t ddate =
        (zip_uint16_t)((m->when.year - 1980) << 9 | m->when.month << 5 | m->when.day);
    return zip_set_file_compression(z, idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9) == 0 &&
           zip_file_set_dostime(z, idx, dtime, ddate, 0) == 0 &&
           zip_file_set_external_attributes(z, idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16) == 0;
}

static zip_source_t *span_source_new(gl_epub *e, zip_t *z, span s) {
    span_source *src = gl_malloc(e->alloc, sizeof *src);
    if (!src)
        return NULL;
    memset(src, 0, sizeof *src);
    src->e = e;
    src->s = s;
    zip_error_init(&src->error);
    zip_source_t *zs = zip_source_function(z, span_cb, src);
    if (!zs)
        gl_free(e->alloc, src);
    return zs;
}

static gl_status copy_out(const gl_epub *e, FILE *f, const gl_sink *sink, gl_error *err) {
    char chunk[CHUNK];
    if (fseeko(f, 0, SEEK_SET) != 0)
        return fail_temp(e, err, "read back", errno);
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (sink->write(sink->userdata, chunk, n) != GL_OK)
            return gl_fail(err, GL_ESINK, 0, "cannot write the output");
    if (ferror(f))
        return fail_temp(e, err, "read back", errno);
    return GL_OK;
}

/* ---- the cover ---- */

/* What the book shows as its cover: opt->cover, a PNG or JPEG file the user
 * gave, else an SVG made from the metadata (writers/cover.c). */
typedef struct cover {
    const char *name, *type;
    span image;  /* opt->cover's bytes, staged */
    gl_buf svg;  /* or the generated image */
    gl_buf page; /* cover.xhtml */
} cover;

/* Stages opt->cover. It was asked for: a file that cannot be the cover
 * fails the book, with the reason. */
static gl_status user_cover(gl_epub *e, cover *c, gl_error *err) {
    const char *path = e->opt->cover, *why = NULL, *ext = NULL;
    const gl_buf *b = &e->scratch; /* read_file leaves the bytes there */
    uint64_t pixels = 0;
    size_t max_pixels =
        e->opt->max_image_pixels ? e->opt->max_image_pixels : GL_DEFAULT_MAX_IMAGE_PIXELS;
    gl_status st = GL_EIO;
    if (read_file(e, path, &why)) {
        const unsigned char *p = (const unsigned char *)b->data;
        c->type = gl_epub_image_type(p, b->len, &ext);
        st = GL_EFORMAT;
        if (!c->type || strcmp(ext, ".gif") == 0)
            why = "not a PNG or JPEG image";
        else if (gl_epub_image_pixels(p, b->len, &pixels) && pixels > max_pixels)
            why = "larger than the image limit in pixels (max_image_pixels)", st = GL_ELIMIT;
    }
    if (e->nomem)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory reading the cover");
    if (why)
        return gl_fail(err, st, 0, "cover %s: %s", path, why);
    c->name = strcmp(ext, ".png") == 0 ? "cover.png" : "cover.jpg";
    e->cur_err = err;
    e->cur_status = GL_OK;
    return stage(e, b->data, b->len, &c->image) ? GL_OK : e->cur_status;
}

/* The generated cover: the article's title, byline, site and date, or for
 * an anthology its title, its number of articles, the site they all share
 * and the newest article's date. */
static gl_status generated_cover(gl_epub *e, const book_meta *m, const size_t *order, cover *c,
                                 gl_error *err) {
    const chapter *first = &e->chapters[order[0]];
    gl_cover_text t = {m->title, str(e, first->byline), str(e, first->site), str(e, first->shown),
                       str(e, first->lang)};
    char count[48], shown[GL_DATE_SHOWN_MAX];
    if (!m->single) {
        snprintf(count, sizeof count, "%zu articles", e->nchapters);
        t.byline = book_field(m, GL_META_BYLINE) ? book_field(m, GL_META_BYLINE) : count;
        long long newest = LLONG_MIN, when;
        for (size_t k = 0; k < e->nchapters; k++) {
            const chapter *ch = &e->chapters[k];
            const char *site = str(e, ch->site), *date = str(e, ch->date);
            if (!site || !t.site || strcmp(site, t.site) != 0)
                t.site = NULL;
            if (date && gl_iso_date_epoch(date, &when) && when > newest) {
                newest = when;
                t.date = str(e, ch->shown);
            }
        }
        if (newest == LLONG_MIN)
            t.date = NULL;
        if (book_field(m, GL_META_SITE))
            t.site = book_field(m, GL_META_SITE);
        if (book_field(m, GL_META_DATE))
            t.date = gl_date_display(m->book, shown);
        if (book_field(m, GL_META_LANG))
            t.lang = book_field(m, GL_META_LANG);
    }
    c->name = "cover.svg";
    c->type = "image/svg+xml";
    if (gl_cover_svg(&c->svg, &t, e->alloc) != GL_OK)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory drawing the cover");
    return GL_OK;
}

/* cover.xhtml: the cover image alone, as large as the screen allows. */
static gl_status cover_page(gl_epub *e, const book_meta *m, const size_t *order, cover *c,
                            gl_error *err) {
    gl_buf *b = &c->page;
    page_start(e, b, m, order);
    gl_buf_puts(b, "<style>html,body{margin:0;padding:0;height:100%}body{text-align:center}"
                   "img{height:100%;max-width:100%}</style>\n</head>\n"
                   "<body epub:type=\"cover\">\n<img");
    gl_buf_printf(b, " src=\"%s\" alt=\"", c->name);
    gl_escape_xml(b, m->title, strlen(m->title), true);
    gl_buf_puts(b, "\"/>\n</body>\n</html>\n");
    return b->status == GL_OK ? GL_OK
                              : gl_fail(err, GL_ENOMEM, 0, "out of memory writing the cover page");
}

/* Adds the cover image and its page to the archive. */
static bool add_cover(gl_epub *e, zip_t *z, const cover *c, const book_meta *m) {
    char name[32];
    snprintf(name, sizeof name, "EPUB/%s", c->name);
    zip_source_t *picture = c->svg.len ? zip_source_buffer(z, c->svg.data, c->svg.len, 0)
                                       : span_source_new(e, z, c->image);
    return add_entry(z, name, picture, m, false) &&
           add_entry(z, "EPUB/cover.xhtml", zip_source_buffer(z, c->page.data, c->page.len, 0), m,
                     false);
}

/* style.css: the XHTML writer's sheet, less its scrolling code blocks, which
 * e-readers clip: they wrap instead. */
static const char epub_style_sheet[] =
    "pre{overflow-x:visible;white-space:pre-wrap;overflow-wrap:break-word}";

/* The book's own files, made at the end. */
typedef struct package {
    gl_buf opf, nav, ncx, css;
    cover cover;
} package;

/* Writes the archive through a temporary file, then copies it to `sink`. */
static gl_status write_archive(gl_epub *e, const book_meta *m, const size_t *order,
                               const package *p, const gl_sink *sink, gl_error *err) {
    gl_status st = GL_OK;
    out_file out = {NULL, e->tmpdir, false, 0, {0, 0, NULL}};
    zip_error_init(&out.error);
    zip_source_t *dest = zip_source_function_create(out_cb, &out, NULL);
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_t *z = dest ? zip_open_from_source(dest, ZIP_CREATE | ZIP_TRUNCATE, &zerr) : NULL;
    if (!z) {
        st =
            gl_fail(err, GL_EIO, 0, "cannot start the EPUB archive: %s", zip_error_strerror(&zerr));
        if (dest)
            zip_source_free(dest);
    }
    bool ok = z != NULL;
    ok = ok &&
         add_entry(z, "mimetype", zip_source_buffer(z, "application/epub+zip", 20, 0), m, true);
    ok =
        ok && add_entry(z, "META-INF/container.xml",
                        zip_source_buffer(z, container_xml, sizeof container_xml - 1, 0), m, false);
    ok = ok && add_entry(z, "EPUB/package.opf", zip_source_buffer(z, p->opf.data, p->opf.len, 0), m,
                         false);
    ok = ok &&
         add_entry(z, "EPUB/nav.xhtml", zip_source_buffer(z, p->nav.data, p->nav.len, 0), m, false);
    ok = ok &&
         add_entry(z, "EPUB/toc.ncx", zip_source_buffer(z, p->ncx.data, p->ncx.len, 0), m, false);
    ok = ok &&
         add_entry(z, "EPUB/style.css", zip_source_buffer(z, p->css.data, p->css.len, 0), m, false);
    ok = ok && add_cover(e, z, &p->cover, m);
    char name[48];
    for (size_t k = 0; ok && k < e->nchapters; k++) {
        snprintf(name, sizeof name, "EPUB/ch%03zu.xhtml", k + 1);
        ok = add_entry(z, name, span_source_new(e, z, e->chapters[order[k]].body), m, false);
    }
    for (size_t i = 0; ok && i < e->nimages; i++) {
        snprintf(name, sizeof name, "EPUB/%s", pooled(e, e->images[i].name));
        ok = add_entry(z, name, span_source_new(e, z, e->images[i].body), m, false);
    }
    if (z && !ok) {
        st = gl_fail(err, GL_EIO, 0, "cannot assemble the EPUB: %s",
                     zip_error_strerror(zip_get_error(z)));
        zip_discard(z);
    } else if (z && zip_close(z) != 0) {
        st = out.errnum ? fail_temp(e, err, "write", out.errnum)
                        : gl_fail(err, GL_EIO, 0, "cannot write the EPUB: %s",
                                  zip_error_strerror(zip_get_error(z)));
        zip_discard(z);
    }
    if (st == GL_OK && !out.committed)
        st = gl_fail(err, GL_EIO, 0, "the EPUB archive was not completed");
    if (st == GL_OK)
        st = copy_out(e, out.f, sink, err);
    if (out.f)
        fclose(out.f);
    zip_error_fini(&out.error);
    zip_error_fini(&zerr);
    return st;
}

gl_status gl_epub_finish(gl_epub *e, const char *title, const gl_doc *book, const size_t *order,
                         const gl_sink *sink, gl_error *err) {
    if (e->nchapters == 0)
        return gl_fail(err, GL_EINVAL, 0, "an EPUB needs at least one article");
    package p;
    memset(&p, 0, sizeof p);
    gl_buf *bufs[] = {&p.opf, &p.nav, &p.ncx, &p.css, &p.cover.svg, &p.cover.page};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        gl_buf_init(bufs[i], e->alloc, 0);
    /* The user's cover is staged with the chapters, before they are read back. */
    gl_status st = e->opt->cover ? user_cover(e, &p.cover, err) : GL_OK;
    if (st == GL_OK && fflush(e->stage) != 0)
        st = fail_temp(e, err, "write", errno);
    size_t *identity = NULL;
    if (st == GL_OK && !order) {
        identity = gl_malloc_array(e->alloc, e->nchapters, sizeof *identity);
        if (!identity)
            st = gl_fail(err, GL_ENOMEM, 0, "out of memory finishing the EPUB");
        for (size_t i = 0; identity && i < e->nchapters; i++)
            identity[i] = i;
        order = identity;
    }
    book_meta m;
    if (st == GL_OK) {
        book_metadata(e, title, &m);
        m.book = m.single ? NULL : book;
        if (!e->opt->cover)
            st = generated_cover(e, &m, order, &p.cover, err);
    }
    if (st == GL_OK)
        st = cover_page(e, &m, order, &p.cover, err);
    if (st == GL_OK) {
        m.cover = p.cover.name;
        m.cover_type = p.cover.type;
        write_opf(e, &p.opf, &m, order);
        write_nav(e, &p.nav, &m, order);
        write_ncx(e, &p.ncx, &m, order);
        gl_buf_puts(&p.css, gl_xhtml_style_sheet());
        gl_buf_puts(&p.css, epub_style_sheet);
        for (size_t i = 0; i < sizeof bufs / sizeof bufs[0] && st == GL_OK; i++)
            if (bufs[i]->status != GL_OK)
                st = gl_fail(err, GL_ENOMEM, 0, "out of memory writing the EPUB's package files");
    }
    if (st == GL_OK)
        st = write_archive(e, &m, order, &p, sink, err);
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        gl_buf_free(bufs[i]);
    gl_free(e->alloc, identity);
    return st;
}

gl_status gl_write_epub(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err) {
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    gl_epub *e;
    gl_status st = gl_epub_new(&e, opt, err);
    if (st != GL_OK)
        return st;
    st = gl_epub_add(e, doc, opt->source_path, err);
    if (st == GL_OK)
        st = gl_epub_finish(e, NULL, NULL, NULL, sink, err);
    gl_epub_free(e);
    return st;
}
