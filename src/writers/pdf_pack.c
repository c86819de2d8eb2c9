#include "writers/pdf_pack.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include "util/alloc.h"
#include "util/vec.h"
#include "util/error.h"

/* One object of libharu's file. */
typedef struct object {
    size_t start, end; /* its value: the bytes between "N 0 obj\n" and "\nendobj" */
    bool used;         /* listed "n" in the cross-reference table */
    bool stream;       /* a stream: stays a top-level object (7.5.7) */
    bool dropped;      /* a stream's /Length, now written in place */
    size_t where;      /* streams: offset in the output; others: index in their object stream */
    size_t stm;        /* others: the number of their object stream */
} object;

/* Objects in one object stream at most: poppler refuses an object stream
 * past 1,000,000 objects (issue 14: 500,000 headings made a PDF that galley
 * and qpdf accepted and pdfinfo, pdftotext and evince did not open), and a
 * reader must inflate a whole object stream to reach one of its objects. */
#define OBJSTM_MAX 10000

typedef struct packer {
    const char *in;
    size_t len;
    object *objs;
    size_t count; /* objects 0 .. count-1 */
    unsigned long root, info;
    const gl_pdf_extra *extra; /* galley's objects and keys; NULL: none */
    size_t nextra;             /* galley's objects, numbered count .. count + nextra - 1 */
    size_t placed;             /* libharu's objects in object streams, before galley's */
    gl_buf keys;               /* the keys galley adds to the object being placed */
    gl_buf *out;
    const gl_allocator *alloc;
    gl_error *err;
    struct libdeflate_compressor *deflater; /* made on first use */
    unsigned char *zbuf;                    /* deflate's output, reused */
    size_t zcap;
} packer;

static gl_status bad(packer *p, const char *what) {
    return gl_fail(p->err, GL_EFORMAT, 0, "libharu's output %s", what);
}

/* The unsigned decimal at `s` (at most `n` bytes); *used gets its length. */
static unsigned long number(const char *s, size_t n, size_t *used) {
    unsigned long v = 0;
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && v < 0x7FFFFFFF)
        v = v * 10 + (unsigned long)(s[i++] - '0');
    *used = i;
    return v;
}

/* The first `needle` in [from, to) of the input, or `to`. */
static size_t find(const packer *p, size_t from, size_t to, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= to; i++) {
        if (p->in[i] == needle[0] && memcmp(p->in + i, needle, n) == 0)
            return i;
    }
    return to;
}

/* "/Key N 0 R" in [from, to): N, or 0 when absent. */
static unsigned long reference(const packer *p, size_t from, size_t to, const char *key) {
    size_t at = find(p, from, to, key), used;
    if (at == to)
        return 0;
    at += strlen(key);
    return number(p->in + at, to - at, &used);
}

static int offset_cmp(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Reads the cross-reference table and the trailer, then where each object's
 * value starts and ends. */
static gl_status read_objects(packer *p) {
    size_t sx = p->len > 64 ? p->len - 64 : 0, used;
    sx = find(p, sx, p->len, "startxref\n");
    if (sx == p->len)
        return bad(p, "has no startxref");
    size_t xref = number(p->in + sx + 10, p->len - sx - 10, &used);
    if (!used || xref + 5 > p->len || memcmp(p->in + xref, "xref\n0 ", 7) != 0)
        return bad(p, "has no cross-reference table");
    size_t at = xref + 7;
    p->count = number(p->in + at, p->len - at, &used);
    at += used + 1;
    if (!used || p->count == 0 || p->count > (p->len - at) / 20)
        return bad(p, "has a malformed cross-reference table");
    p->objs = gl_malloc_array(p->alloc, p->count, sizeof *p->objs);
    size_t *starts = gl_malloc_array(p->alloc, p->count + 1, sizeof *starts);
    if (!p->objs || !starts) {
        gl_free(p->alloc, starts);
        return gl_fail(p->err, GL_ENOMEM, 0, "out of memory while packing the PDF");
    }
    memset(p->objs, 0, p->count * sizeof *p->objs);
    size_t nstarts = 0;
    for (size_t i = 0; i < p->count; i++, at += 20) {
        const char *e = p->in + at;
        size_t off = number(e, 10, &used);
        if (e[17] == 'n' && used == 10 && off < xref) {
            p->objs[i].used = true;
            p->objs[i].start = off;
            starts[nstarts++] = off;
        }
    }
    size_t trailer_end = find(p, at, p->len, ">>");
    p->root = reference(p, at, trailer_end, "/Root ");
    p->info = reference(p, at, trailer_end, "/Info ");
    starts[nstarts++] = xref;
    qsort(starts, nstarts, sizeof *starts, offset_cmp);
    gl_status st = GL_OK;
    for (size_t i = 0; i < p->count && st == GL_OK; i++) {
        object *o = &p->objs[i];
        if (!o->used)
            continue;
        size_t *next = bsearch(&o->start, starts, nstarts, sizeof *starts, offset_cmp);
        size_t end = next ? next[1] : xref;
        size_t head = o->start + (size_t)snprintf(NULL, 0, "%zu 0 obj\n", i);
        /* The value ends before "\nendobj\n"; a stream's before "\nendstream". */
        if (!next || end < head + 8 || memcmp(p->in + end - 8, "\nendobj\n", 8) != 0)
            st = bad(p, "has an object that does not end in endobj");
        o->start = head;
        o->end = end - 8;
        o->stream = find(p, head, o->end, "\nstream\r\n") < o->end;
    }
    gl_free(p->alloc, starts);
    if (st == GL_OK && (p->root == 0 || p->root >= p->count || !p->objs[p->root].used))
        st = bad(p, "has no catalog");
    return st;
}

/* Whether object `n` is a bare integer (a stream's length). */
static bool bare_number(const packer *p, unsigned long n) {
    if (n == 0 || n >= p->count || !p->objs[n].used || p->objs[n].stream)
        return false;
    size_t used;
    const object *o = &p->objs[n];
    number(p->in + o->start, o->end - o->start, &used);
    return used > 0 && used == o->end - o->start;
}

/* The level: libdeflate's 1, its fastest. In a whole seed-article run the
 * streams take 0.26 ms to deflate at 1 and 0.38 ms at 6 (which matches
 * zlib's size at 6, for a sixth of zlib's time), for a PDF 6% larger: 12,625
 * bytes against 11,909 (WeasyPrint's: 16,669), and 38,896 against 36,687
 * for samples/multiscript.md (issue 5's limit: 40 KB). Font programs, most
 * of the bytes, barely compress at any level; page contents lose most. */
enum { DEFLATE_LEVEL = 1 };

/* Deflates `len` bytes of `data` (zlib format, FlateDecode) into the
 * packer's scratch space: *z and *zlen hold them until the next call. */
static gl_status deflate_data(packer *p, const char *data, size_t len, const unsigned char **z,
                              size_t *zlen) {
    if (!p->deflater)
        p->deflater = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    size_t bound = p->deflater ? libdeflate_zlib_compress_bound(p->deflater, len) : 0;
    if (bound > p->zcap) {
        unsigned char *grown = gl_realloc(p->alloc, p->zbuf, bound);
        if (grown) {
            p->zbuf = grown;
            p->zcap = bound;
        }
    }
    *z = p->zbuf;
    *zlen = bound && bound <= p->zcap
                ? libdeflate_zlib_compress(p->deflater, data, len, p->zbuf, bound)
                : 0;
    if (*zlen == 0)
        return gl_fail(p->err, GL_ENOMEM, 0, "out of memory while packing the PDF");
    return GL_OK;
}

/* Appends the input's [from, to) with "/" GL_PDF_DEFLATED_KEY written as
 * "/Filter" (see pdf_pack.h). */
static void append_dict(packer *p, size_t from, size_t to) {
    static const char key[] = "/" GL_PDF_DEFLATED_KEY;
    size_t at = find(p, from, to, key);
    gl_buf_append(p->out, p->in + from, at - from);
    if (at < to) {
        gl_buf_puts(p->out, "/Filter");
        at += sizeof key - 1;
        gl_buf_append(p->out, p->in + at, to - at);
    }
}

/* Copies a stream object, its "/Length N 0 R" replaced by the number. A
 * stream without a /Filter is deflated on the way: libharu's own compression
 * (zlib at its default level, a stream at a time) is switched off, since it
 * took half of a seed article's run. Streams that keep a filter (JPEG's
 * DCTDecode) or were deflated by galley already (GL_PDF_DEFLATED_KEY) are
 * copied as they are. */
static gl_status copy_stream(packer *p, size_t n) {
    object *o = &p->objs[n];
    size_t dict_end = find(p, o->start, o->end, "\nstream\r\n");
    unsigned long len_obj = reference(p, o->start, dict_end, "/Length ");
    size_t at = find(p, o->start, dict_end, "/Length ");
    o->where = p->out->len;
    gl_buf_printf(p->out, "%zu 0 obj\n", n);
    if (!bare_number(p, len_obj)) {
        gl_buf_append(p->out, p->in + o->start, o->end - o->start);
        gl_buf_puts(p->out, "\nendobj\n");
        return GL_OK;
    }
    const object *l = &p->objs[len_obj];
    size_t ref_end = find(p, at, dict_end, " R") + 2, used;
    size_t data = dict_end + 9, len = number(p->in + l->start, l->end - l->start, &used);
    p->objs[len_obj].dropped = true;
    append_dict(p, o->start, at);
    if (find(p, o->start, dict_end, "/Filter") < dict_end ||
        find(p, o->start, dict_end, "/" GL_PDF_DEFLATED_KEY) < dict_end) {
        gl_buf_puts(p->out, "/Length ");
        gl_buf_append(p->out, p->in + l->start, l->end - l->start);
        append_dict(p, ref_end, o->end);
        gl_buf_puts(p->out, "\nendobj\n");
        return GL_OK;
    }
    if (data > o->end || len > o->end - data)
        return bad(p, "has a stream longer than its object");
    const unsigned char *z;
    size_t zlen;
    gl_status st = deflate_data(p, p->in + data, len, &z, &zlen);
    if (st != GL_OK)
        return st;
    gl_buf_printf(p->out, "/Filter /FlateDecode /Length %zu", zlen);
    gl_buf_append(p->out, p->in + ref_end, dict_end - ref_end);
    gl_buf_puts(p->out, "\nstream\n");
    gl_buf_append(p->out, z, zlen);
    gl_buf_puts(p->out, "\nendstream\nendobj\n");
    return GL_OK;
}

/* Big-endian `v` in `n` bytes. */
static void put_be(gl_buf *b, uint64_t v, int n) {
    for (int i = n - 1; i >= 0; i--)
        gl_buf_putc(b, (char)((v >> (8 * i)) & 0xFF));
}

/* Appends libharu's object `n` to `b`, with the keys galley adds to it
 * written before the dictionary's closing ">>". */
static gl_status append_object(packer *p, size_t n, gl_buf *b) {
    const object *o = &p->objs[n];
    size_t end = o->end;
    gl_buf_clear(&p->keys);
    if (p->extra && p->extra->keys) {
        gl_status st =
            p->extra->keys(p->extra->userdata, p->count, n, n == p->root, &p->keys, p->err);
        if (st == GL_OK)
            st = p->keys.status;
        if (st != GL_OK)
            return st;
    }
    if (p->keys.len == 0)
        return gl_buf_append(b, p->in + o->start, o->end - o->start);
    while (end > o->start && (p->in[end - 1] == '\n' || p->in[end - 1] == ' '))
        end--;
    if (end < o->start + 4 || memcmp(p->in + o->start, "<<", 2) != 0 ||
        memcmp(p->in + end - 2, ">>", 2) != 0)
        return bad(p, "has no dictionary where galley adds keys");
    gl_buf_append(b, p->in + o->start, end - 2 - o->start);
    gl_buf_append(b, p->keys.data, p->keys.len);
    return gl_buf_puts(b, "\n>>");
}

/* Writes the object stream (7.5.7) of the objects listed in `list` (`n` of
 * them, numbered `number`): "N offset" pairs, then the objects. Numbers
 * from p->count on are galley's objects (gl_pdf_extra). */
static gl_status object_stream(packer *p, const size_t *list, size_t n, size_t number) {
    gl_buf pairs, bodies;
    gl_buf_init(&pairs, p->alloc, 0);
    gl_buf_init(&bodies, p->alloc, 0);
    gl_status st = GL_OK;
    for (size_t k = 0; k < n && st == GL_OK; k++) {
        gl_buf_printf(&pairs, "%zu %zu ", list[k], bodies.len);
        if (list[k] < p->count) {
            object *o = &p->objs[list[k]];
            st = append_object(p, list[k], &bodies);
            o->where = k;
            o->stm = number;
        } else {
            st =
                p->extra->object(p->extra->userdata, p->count, list[k] - p->count, &bodies, p->err);
        }
        gl_buf_putc(&bodies, '\n');
    }
    gl_buf_putc(&pairs, '\n');
    if (st == GL_OK)
        st = pairs.status != GL_OK ? pairs.status : bodies.status;
    if (st == GL_OK)
        st = gl_buf_append(&pairs, bodies.data, bodies.len);
    const unsigned char *z = NULL;
    size_t zlen = 0;
    if (st == GL_OK)
        st = deflate_data(p, pairs.data, pairs.len, &z, &zlen);
    if (st == GL_OK) {
        gl_buf_printf(p->out,
                      "%zu 0 obj\n<< /Type /ObjStm /N %zu /First %zu /Filter /FlateDecode "
                      "/Length %zu >>\nstream\n",
                      number, n, pairs.len - bodies.len, zlen);
        gl_buf_append(p->out, z, zlen);
        gl_buf_puts(p->out, "\nendstream\nendobj\n");
    }
    gl_buf_free(&pairs);
    gl_buf_free(&bodies);
    return st;
}

/* The object streams, numbered from p->count + p->nextra on, of
 * OBJSTM_MAX objects at most, libharu's objects first, then galley's:
 * *nstm gets how many, stm_at (allocated) where each starts. */
static gl_status object_streams(packer *p, size_t *nstm, size_t **stm_at) {
    size_t *list = gl_malloc_array(p->alloc, OBJSTM_MAX, sizeof *list);
    size_t cap = 0, n = 0, total = p->count + p->nextra;
    *nstm = 0;
    *stm_at = NULL;
    gl_status st = list ? GL_OK : GL_ENOMEM;
    for (size_t i = 1; i <= total && st == GL_OK; i++) {
        const object *o = i < p->count ? &p->objs[i] : NULL;
        if (o && (!o->used || o->stream || o->dropped))
            continue;
        if (i < total)
            list[n++] = i;
        if (o)
            p->placed++;
        /* A full stream, or the last one (an empty one when there is no
         * object at all, as before). */
        if (n == OBJSTM_MAX || (i == total && (n > 0 || *nstm == 0))) {
            if ((st = gl_vec_grow(p->alloc, stm_at, &cap, *nstm + 1, sizeof **stm_at)) != GL_OK)
                break;
            (*stm_at)[*nstm] = p->out->len;
            st = object_stream(p, list, n, total + *nstm);
            ++*nstm;
            n = 0;
        }
    }
    gl_free(p->alloc, list);
    return st;
}

/* The cross-reference stream (7.5.8), object `xref_no`: type, offset or
 * object stream, generation or index; W [1 4 2]. */
static gl_status xref_stream(packer *p, const size_t *stm_at, size_t xref_no) {
    gl_buf *out = p->out;
    size_t xref_at = out->len, first_stm = p->count + p->nextra;
    gl_buf rows;
    gl_buf_init(&rows, p->alloc, 0);
    for (size_t i = 0; i <= xref_no; i++) {
        const object *o = i < p->count ? &p->objs[i] : NULL;
        if (i >= first_stm) {
            put_be(&rows, 1, 1);
            put_be(&rows, i == xref_no ? xref_at : stm_at[i - first_stm], 4);
            put_be(&rows, 0, 2);
        } else if (!o) {
            /* galley's objects follow libharu's in the object streams */
            size_t at = p->placed + (i - p->count);
            put_be(&rows, 2, 1);
            put_be(&rows, first_stm + at / OBJSTM_MAX, 4);
            put_be(&rows, at % OBJSTM_MAX, 2);
        } else if (!o->used || o->dropped) {
            put_be(&rows, 0, 1);
            put_be(&rows, 0, 4);
            put_be(&rows, i == 0 ? 0xFFFF : 0, 2);
        } else if (o->stream) {
            put_be(&rows, 1, 1);
            put_be(&rows, o->where, 4);
            put_be(&rows, 0, 2);
        } else {
            put_be(&rows, 2, 1);
            put_be(&rows, o->stm, 4);
            put_be(&rows, o->where, 2);
        }
    }
    gl_status st = GL_OK;
    if (xref_at > UINT32_MAX)
        st = gl_fail(p->err, GL_ELIMIT, 0, "PDF larger than 4 GB, past what its offsets hold");
    if (st == GL_OK)
        st = rows.status;
    const unsigned char *z = NULL;
    size_t zlen = 0;
    if (st == GL_OK)
        st = deflate_data(p, rows.data, rows.len, &z, &zlen);
    if (st == GL_OK) {
        gl_buf_printf(out, "%zu 0 obj\n<< /Type /XRef /Size %zu /W [1 4 2] /Root %lu 0 R", xref_no,
                      xref_no + 1, p->root);
        if (p->info && p->info < p->count && p->objs[p->info].used)
            gl_buf_printf(out, " /Info %lu 0 R", p->info);
        gl_buf_printf(out, " /Filter /FlateDecode /Length %zu >>\nstream\n", zlen);
        gl_buf_append(out, z, zlen);
        gl_buf_printf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref_at);
    }
    gl_buf_free(&rows);
    return st;
}

static gl_status pack(packer *p) {
    gl_buf_puts(p->out, "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n");
    gl_status st = GL_OK;
    for (size_t i = 1; i < p->count && st == GL_OK; i++) {
        if (p->objs[i].used && p->objs[i].stream)
            st = copy_stream(p, i);
    }
    size_t nstm = 0, *stm_at = NULL;
    if (st == GL_OK)
        st = object_streams(p, &nstm, &stm_at);
    if (st == GL_OK)
        st = xref_stream(p, stm_at, p->count + p->nextra + nstm);
    gl_free(p->alloc, stm_at);
    if (st == GL_OK && p->out->status != GL_OK)
        st = p->out->status;
    if (st == GL_ENOMEM)
        return gl_fail(p->err, GL_ENOMEM, 0, "out of memory while packing the PDF");
    return st;
}

gl_status gl_pdf_pack(const char *pdf, size_t len, const gl_pdf_extra *extra, gl_buf *out,
                      gl_error *err) {
    packer p = {.in = pdf,
                .len = len,
                .extra = extra,
                .nextra = extra ? extra->count : 0,
                .out = out,
                .alloc = out->alloc,
                .err = err};
    gl_buf_init(&p.keys, p.alloc, 0);
    gl_status st = read_objects(&p);
    if (st == GL_OK)
        st = pack(&p);
    gl_buf_free(&p.keys);
    gl_free(p.alloc, p.objs);
    libdeflate_free_compressor(p.deflater);
    gl_free(p.alloc, p.zbuf);
    return st;
}
