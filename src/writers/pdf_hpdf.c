/* The adapter to libharu (pdf_hpdf.h): the only file that includes its
 * headers. libharu 2.3.0 makes the objects, the cross-reference table and
 * the file; galley writes the content streams and the fonts' data, and
 * reaches into libharu's private structures (hpdf_doc.h, hpdf_pages.h,
 * hpdf_objects.h) only here, for what its public calls lack: the catalog's
 * /Lang, the page's content stream and object number, a font written by
 * galley. */
#include "writers/pdf_hpdf.h"

#include <stddef.h>
#include <string.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"
#include "writers/pdf_pack.h"

/* Every block given to libharu starts with this header, which links it into
 * its document's list: on some allocation-failure paths libharu drops blocks
 * (hpdf_font_cid.c makes a font descriptor at save time and loses it when
 * the next allocation fails), so what is still listed after HPDF_Free is
 * freed by us. max_align_t keeps the block after it aligned for any type. */
typedef union hpdf_block {
    struct {
        union hpdf_block *prev, *next;
    } link;
    max_align_t align;
} hpdf_block;

/* The memory libharu draws from (see hpdf_memory). */
typedef struct hpdf_mem {
    const gl_allocator *alloc;
    bool failed;       /* an allocation failed: libharu's later errors are its consequences */
    hpdf_block *first; /* the blocks libharu holds */
} hpdf_mem;

struct gl_hpdf {
    HPDF_Doc pdf;
    HPDF_STATUS error, detail; /* the first error libharu reported */
    hpdf_mem mem;
    hpdf_mem *saved; /* the thread's memory hook before this document */
};

/* libharu's allocation hooks take no user data, so the memory of the
 * conversion running on this thread is found here; parallel conversions each
 * set their own. Set only while a document exists (gl_hpdf_new to
 * gl_hpdf_free). */
static _Thread_local hpdf_mem *hpdf_memory;

static void *hpdf_alloc(HPDF_UINT size) {
    hpdf_mem *m = hpdf_memory;
    hpdf_block *b = gl_malloc(m->alloc, sizeof *b + (size_t)size);
    if (!b) {
        m->failed = true;
        return NULL;
    }
    b->link.prev = NULL;
    b->link.next = m->first;
    if (m->first)
        m->first->link.prev = b;
    m->first = b;
    return b + 1;
}

static void hpdf_free(void *ptr) {
    if (!ptr)
        return;
    hpdf_mem *m = hpdf_memory;
    /* Once an allocation has failed, libharu may use a block it has just
     * freed: 2.3.0's AddResource adds to the resource dictionary that
     * HPDF_Dict_Add freed when its own allocation failed. So from then on
     * blocks stay allocated, and listed, until hpdf_release_lost. */
    if (m->failed)
        return;
    hpdf_block *b = (hpdf_block *)ptr - 1;
    if (b->link.prev)
        b->link.prev->link.next = b->link.next;
    else
        m->first = b->link.next;
    if (b->link.next)
        b->link.next->link.prev = b->link.prev;
    gl_free(m->alloc, b);
}

/* Frees what libharu lost (see hpdf_block); call after HPDF_Free. */
static void hpdf_release_lost(hpdf_mem *m) {
    while (m->first) {
        hpdf_block *next = m->first->link.next;
        gl_free(m->alloc, m->first);
        m->first = next;
    }
}

/* Records the first error and returns: libharu then refuses further work on
 * the document, and the writer checks the state after its calls. */
static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data) {
    gl_hpdf *h = user_data;
    if (h->error == HPDF_OK) {
        h->error = error_no;
        h->detail = detail_no;
    }
}

static gl_status oom(gl_error *err) {
    return gl_fail(err, GL_ENOMEM, 0, "out of memory while rendering the PDF");
}

/* After a failed call: out of memory when an allocation failed, else what
 * libharu reported. */
static gl_status failure(gl_hpdf *h, const char *doing, gl_error *err) {
    return h->mem.failed ? oom(err) : gl_hpdf_check(h, doing, err);
}

gl_status gl_hpdf_new(gl_hpdf **out, const gl_allocator *alloc, gl_error *err) {
    *out = NULL;
    gl_hpdf *h = gl_malloc(alloc, sizeof *h);
    if (!h)
        return oom(err);
    memset(h, 0, sizeof *h);
    h->mem.alloc = alloc;
    h->saved = hpdf_memory;
    hpdf_memory = &h->mem;
    h->pdf = HPDF_NewEx(on_hpdf_error, hpdf_alloc, hpdf_free, 0, h);
    if (!h->pdf) {
        gl_hpdf_free(h);
        return oom(err);
    }
    *out = h;
    /* Streams are written plain and deflated by the packer (pdf_pack.c). */
    HPDF_SetCompressionMode(h->pdf, HPDF_COMP_NONE);
    return gl_hpdf_check(h, "setting up the document", err);
}

void gl_hpdf_free(gl_hpdf *h) {
    if (!h)
        return;
    if (h->pdf)
        HPDF_Free(h->pdf);
    hpdf_release_lost(&h->mem);
    hpdf_memory = h->saved;
    gl_free(h->mem.alloc, h);
}

gl_status gl_hpdf_check(gl_hpdf *h, const char *doing, gl_error *err) {
    if (err->status != GL_OK)
        return err->status;
    if (h->error == HPDF_OK)
        return GL_OK;
    if (h->error == HPDF_FAILD_TO_ALLOC_MEM || h->mem.failed)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory in libharu while %s", doing);
    return gl_fail(err, GL_EIO, 0, "libharu failed while %s (error 0x%04X, detail %u)", doing,
                   (unsigned)h->error, (unsigned)h->detail);
}

bool gl_hpdf_out_of_memory(const gl_hpdf *h) { return h->mem.failed; }

/* ---- the document information ---- */

/* A PDF text string (ISO 32000-1 7.9.2.2) for UTF-8 `s`: printable ASCII
 * as a literal string, anything else as UTF-16BE with a byte order mark
 * (hex). libharu's own UTF-8 encoder would do it too, but setting it up maps
 * all 65,536 codes. NULL when libharu's memory runs out. */
static void *text_string(gl_hpdf *h, const char *s, gl_buf *b) {
    bool ascii = true;
    for (const char *c = s; *c && ascii; c++)
        ascii = (unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7F;
    if (ascii)
        return HPDF_String_New(h->pdf->mmgr, s, NULL);
    gl_buf_clear(b);
    gl_buf_append(b, "\xFE\xFF", 2);
    size_t len = strlen(s), i = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(s + i, len - i, &cp);
        if (cp < 0)
            cp = 0xFFFD;
        uint32_t units[2] = {(uint32_t)cp, 0};
        size_t n = 1;
        if (cp > 0xFFFF) {
            units[0] = 0xD800 + (((uint32_t)cp - 0x10000) >> 10);
            units[1] = 0xDC00 + (((uint32_t)cp - 0x10000) & 0x3FF);
            n = 2;
        }
        for (size_t k = 0; k < n; k++) {
            char be[2] = {(char)(units[k] >> 8), (char)(units[k] & 0xFF)};
            gl_buf_append(b, be, 2);
        }
    }
    if (b->status != GL_OK || b->len > UINT32_MAX)
        return NULL;
    return HPDF_Binary_New(h->pdf->mmgr, (HPDF_BYTE *)b->data, (HPDF_UINT)b->len);
}

/* The scratch buffer's failure, else libharu's memory. */
static gl_status text_failure(const gl_buf *b, gl_error *err) {
    if (b->status == GL_OK || b->status == GL_ENOMEM)
        return oom(err);
    return gl_fail(err, b->status, 0, "text block larger than %zu bytes", b->max);
}

gl_status gl_hpdf_set_info(gl_hpdf *h, const char *key, const char *value, gl_buf *scratch,
                           gl_error *err) {
    /* libharu makes the information dictionary on the first entry set. */
    if (!h->pdf->info && HPDF_SetInfoAttr(h->pdf, HPDF_INFO_CREATOR, "galley") != HPDF_OK)
        return gl_hpdf_check(h, "setting the document information", err);
    void *v = text_string(h, value, scratch);
    if (!v || HPDF_Dict_Add(h->pdf->info, key, v) != HPDF_OK)
        return text_failure(scratch, err);
    return GL_OK;
}

void gl_hpdf_set_dates(gl_hpdf *h, const gl_pdf_date *date) {
    HPDF_Date d = {date->year,    date->month, date->day,      date->hour,       date->minutes,
                   date->seconds, date->ind,   date->off_hour, date->off_minutes};
    HPDF_SetInfoDateAttr(h->pdf, HPDF_INFO_CREATION_DATE, d);
    HPDF_SetInfoDateAttr(h->pdf, HPDF_INFO_MOD_DATE, d);
}

gl_status gl_hpdf_set_lang(gl_hpdf *h, const char *lang, gl_error *err) {
    /* libharu has no call for /Lang (14.9.2.1). */
    HPDF_String v = HPDF_String_New(h->pdf->mmgr, lang, NULL);
    if (!v || HPDF_Dict_Add(h->pdf->catalog, "Lang", v) != HPDF_OK)
        return failure(h, "setting the language", err);
    return GL_OK;
}

void gl_hpdf_show_outlines(gl_hpdf *h) { HPDF_SetPageMode(h->pdf, HPDF_PAGE_MODE_USE_OUTLINE); }

/* ---- images ---- */

gl_hpdf_obj *gl_hpdf_jpeg_load(gl_hpdf *h, const unsigned char *data, size_t len) {
    if (len > UINT32_MAX)
        return NULL;
    return (gl_hpdf_obj *)HPDF_LoadJpegImageFromMem(h->pdf, data, (HPDF_UINT)len);
}

gl_status gl_hpdf_image_failure(gl_hpdf *h, unsigned *code, gl_error *err) {
    if (h->error == HPDF_FAILD_TO_ALLOC_MEM || h->mem.failed)
        return oom(err);
    *code = (unsigned)h->error;
    HPDF_ResetError(h->pdf);
    h->error = h->detail = HPDF_OK;
    return GL_OK;
}

/* ---- fonts ---- */

/* The /W array: "c [w1 w2 ...]" for each run of used codes whose advance
 * is not the default. NULL when libharu's memory runs out. */
static HPDF_Array width_array(const gl_hpdf_font_desc *d, HPDF_MMgr mm) {
    HPDF_Array w = HPDF_Array_New(mm);
    HPDF_STATUS ret = w ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    for (unsigned c = 1; c < d->ncodes && ret == HPDF_OK;) {
        if (!d->drawn[c] || d->advances[c] == d->dw) {
            c++;
            continue;
        }
        HPDF_Array run = HPDF_Array_New(mm);
        ret = HPDF_Array_AddNumber(w, (HPDF_INT32)c);
        if (ret == HPDF_OK)
            ret = run ? HPDF_Array_Add(w, run) : HPDF_FAILD_TO_ALLOC_MEM;
        for (; ret == HPDF_OK && c < d->ncodes && d->drawn[c] && d->advances[c] != d->dw; c++)
            ret = HPDF_Array_AddNumber(run, d->advances[c]);
    }
    return ret == HPDF_OK ? w : NULL;
}

/* Adds `value` under `key`, counting failures in *ret. */
static void put(HPDF_Dict d, const char *key, void *value, HPDF_STATUS *ret) {
    if (*ret == HPDF_OK)
        *ret = value ? HPDF_Dict_Add(d, key, value) : HPDF_FAILD_TO_ALLOC_MEM;
}

static void put_name(HPDF_Dict d, const char *key, const char *value, HPDF_STATUS *ret) {
    if (*ret == HPDF_OK)
        *ret = HPDF_Dict_AddName(d, key, value);
}

static void put_int(HPDF_Dict d, const char *key, int value, HPDF_STATUS *ret) {
    if (*ret == HPDF_OK)
        *ret = HPDF_Dict_AddNumber(d, key, value);
}

/* A new indirect dictionary (a stream when `stream`, written plain for the
 * packer to deflate), or NULL with *ret set; nothing when *ret already holds
 * a failure. */
static HPDF_Dict new_object(HPDF_MMgr mm, HPDF_Xref xref, bool stream, HPDF_STATUS *ret) {
    HPDF_Dict d = NULL;
    if (*ret != HPDF_OK)
        return NULL;
    if (stream) {
        d = HPDF_DictStream_New(mm, xref);
    } else {
        d = HPDF_Dict_New(mm);
        if (d && HPDF_Xref_Add(xref, d) != HPDF_OK) /* which frees it */
            d = NULL;
    }
    if (!d)
        *ret = HPDF_FAILD_TO_ALLOC_MEM;
    return d;
}

/* An image XObject (8.9.5) of deflated 8-bit samples. */
static HPDF_Dict image_object(gl_hpdf *h, unsigned width, unsigned height, const char *space,
                              const unsigned char *data, size_t len, HPDF_STATUS *ret) {
    HPDF_Dict d = new_object(h->pdf->mmgr, h->pdf->xref, true, ret);
    put_name(d, "Type", "XObject", ret);
    put_name(d, "Subtype", "Image", ret);
    put_int(d, "Width", (int)width, ret);
    put_int(d, "Height", (int)height, ret);
    put_name(d, "ColorSpace", space, ret);
    put_int(d, "BitsPerComponent", 8, ret);
    /* libharu drops /Filter from a stream it does not compress: the
     * packer turns this key back into it (pdf_pack.h). */
    put_name(d, GL_PDF_DEFLATED_KEY, "FlateDecode", ret);
    if (*ret == HPDF_OK && d)
        *ret = HPDF_Stream_Write(d->stream, data, (HPDF_UINT)len);
    return d;
}

gl_status gl_hpdf_image_add(gl_hpdf *h, const gl_hpdf_raw_image *img, gl_hpdf_obj **out,
                            gl_error *err) {
    *out = NULL;
    HPDF_STATUS ret = img->width <= INT32_MAX && img->height <= INT32_MAX &&
                              img->len <= UINT32_MAX && img->alpha_len <= UINT32_MAX
                          ? HPDF_OK
                          : HPDF_INVALID_PARAMETER;
    HPDF_Dict d =
        image_object(h, img->width, img->height, img->channels == 1 ? "DeviceGray" : "DeviceRGB",
                     img->data, img->len, &ret);
    if (img->alpha) {
        HPDF_Dict mask = image_object(h, img->width, img->height, "DeviceGray", img->alpha,
                                      img->alpha_len, &ret);
        put(d, "SMask", mask, &ret);
    }
    if (ret != HPDF_OK)
        return ret == HPDF_INVALID_PARAMETER
                   ? gl_fail(err, GL_ELIMIT, 0, "an image too large for a PDF object")
                   : oom(err);
    *out = (gl_hpdf_obj *)d;
    return GL_OK;
}

/* The descendant CIDFontType2 (9.7.4) with its descriptor and program. */
static HPDF_Dict cid_font(const gl_hpdf_font_desc *d, HPDF_MMgr mm, HPDF_Xref xref,
                          HPDF_STATUS *ret) {
    HPDF_Dict file = new_object(mm, xref, true, ret);
    if (*ret == HPDF_OK && file)
        *ret = HPDF_Stream_Write(file->stream, d->program, (HPDF_UINT)d->program_len);
    put_int(file, "Length1", (int)d->program_len, ret);

    HPDF_Dict desc = new_object(mm, xref, false, ret);
    put_name(desc, "Type", "FontDescriptor", ret);
    put_name(desc, "FontName", d->name, ret);
    put_int(desc, "Flags", (int)d->flags, ret);
    HPDF_Box box = {(HPDF_REAL)d->bbox[0], (HPDF_REAL)d->bbox[1], (HPDF_REAL)d->bbox[2],
                    (HPDF_REAL)d->bbox[3]};
    put(desc, "FontBBox", *ret == HPDF_OK ? HPDF_Box_Array_New(mm, box) : NULL, ret);
    put_int(desc, "ItalicAngle", d->italic_angle, ret);
    put_int(desc, "Ascent", d->ascent, ret);
    put_int(desc, "Descent", d->descent, ret);
    put_int(desc, "CapHeight", d->cap_height, ret);
    put_int(desc, "StemV", (int)d->stem_v, ret);
    put(desc, "FontFile2", file, ret);

    HPDF_Dict info = *ret == HPDF_OK ? HPDF_Dict_New(mm) : NULL;
    if (*ret == HPDF_OK && !info)
        *ret = HPDF_FAILD_TO_ALLOC_MEM;
    put(info, "Registry", *ret == HPDF_OK ? HPDF_String_New(mm, "Adobe", NULL) : NULL, ret);
    put(info, "Ordering", *ret == HPDF_OK ? HPDF_String_New(mm, "Identity", NULL) : NULL, ret);
    put_int(info, "Supplement", 0, ret);

    HPDF_Dict cid = new_object(mm, xref, false, ret);
    put_name(cid, "Type", "Font", ret);
    put_name(cid, "Subtype", "CIDFontType2", ret);
    put_name(cid, "BaseFont", d->name, ret);
    put(cid, "CIDSystemInfo", info, ret);
    put(cid, "FontDescriptor", desc, ret);
    put_int(cid, "DW", d->dw, ret);
    put(cid, "W", *ret == HPDF_OK ? width_array(d, mm) : NULL, ret);
    put_name(cid, "CIDToGIDMap", "Identity", ret);
    return cid;
}

gl_status gl_hpdf_font_add(gl_hpdf *h, const gl_hpdf_font_desc *d, gl_hpdf_obj **font) {
    HPDF_MMgr mm = h->pdf->mmgr;
    HPDF_Xref xref = h->pdf->xref;
    HPDF_STATUS ret = d->program_len <= UINT32_MAX && d->cmap_len <= UINT32_MAX
                          ? HPDF_OK
                          : HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Dict cid = cid_font(d, mm, xref, &ret);

    HPDF_Dict tu = new_object(mm, xref, true, &ret);
    if (ret == HPDF_OK && tu)
        ret = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)d->cmap, (HPDF_UINT)d->cmap_len);

    HPDF_Array kids = ret == HPDF_OK ? HPDF_Array_New(mm) : NULL;
    if (ret == HPDF_OK)
        ret = kids ? HPDF_Array_Add(kids, cid) : HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Dict f = new_object(mm, xref, false, &ret);
    put_name(f, "Type", "Font", &ret);
    put_name(f, "Subtype", "Type0", &ret);
    put_name(f, "BaseFont", d->name, &ret);
    put_name(f, "Encoding", "Identity-H", &ret);
    put(f, "DescendantFonts", kids, &ret);
    put(f, "ToUnicode", tu, &ret);
    *font = ret == HPDF_OK ? (gl_hpdf_obj *)f : NULL;
    return *font ? GL_OK : GL_ENOMEM;
}

/* ---- pages ---- */

gl_hpdf_obj *gl_hpdf_add_page(gl_hpdf *h, double width, double height) {
    HPDF_Page page = HPDF_AddPage(h->pdf);
    if (!page)
        return NULL;
    HPDF_Page_SetWidth(page, (HPDF_REAL)width);
    HPDF_Page_SetHeight(page, (HPDF_REAL)height);
    /* ProcSet is obsolete since PDF 1.4 (ISO 32000-1 14.2). */
    HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    if (res)
        HPDF_Dict_RemoveElement(res, "ProcSet");
    return (gl_hpdf_obj *)page;
}

uint32_t gl_hpdf_object_number(const gl_hpdf_obj *obj) {
    /* "the real Object-ID is described obj_id & 0x00FFFFFF" (hpdf_objects.h) */
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

gl_status gl_hpdf_number_pages(gl_hpdf *h, gl_error *err) {
    if (HPDF_AddPageLabel(h->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL) != HPDF_OK)
        return gl_hpdf_check(h, "labelling the pages", err);
    return GL_OK;
}

gl_status gl_hpdf_page_write(gl_hpdf *h, gl_hpdf_obj *page, const char *data, size_t len,
                             gl_error *err) {
    HPDF_PageAttr attr = (HPDF_PageAttr)((HPDF_Page)page)->attr;
    /* A page's content comes in one piece: libharu's stream takes it in one
     * block of its size rather than in blocks of 4 KB, most of them empty
     * on a page of headings (issue 14: 240 bytes a heading). */
    HPDF_MemStreamAttr mem = attr->stream->attr;
    if (attr->stream->size == 0 && len > 0 && len <= UINT32_MAX && mem->buf->count == 0)
        mem->buf_siz = mem->w_pos = (HPDF_UINT)len;
    if (len > UINT32_MAX ||
        HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
        return failure(h, "drawing the pages", err);
    return GL_OK;
}

const char *gl_hpdf_font_name(gl_hpdf_obj *page, gl_hpdf_obj *font) {
    return HPDF_Page_GetLocalFontName((HPDF_Page)page, (HPDF_Font)font);
}

const char *gl_hpdf_image_name(gl_hpdf_obj *page, gl_hpdf_obj *image) {
    return HPDF_Page_GetXObjectName((HPDF_Page)page, (HPDF_Image)image);
}

/* ---- the file ---- */

gl_status gl_hpdf_save(gl_hpdf *h, char **out, size_t *len, gl_error *err) {
    *out = NULL;
    *len = 0;
    if (HPDF_SaveToStream(h->pdf) != HPDF_OK)
        return gl_hpdf_check(h, "writing the PDF", err);
    HPDF_UINT32 size = HPDF_GetStreamSize(h->pdf), done = 0;
    char *raw = gl_malloc(h->mem.alloc, size ? size : 1);
    if (!raw)
        return oom(err);
    gl_status st = GL_OK;
    while (done < size && st == GL_OK) {
        /* Never ask for more than is left: reading past the end is an error. */
        HPDF_UINT32 n = size - done;
        if (HPDF_ReadFromStream(h->pdf, (HPDF_BYTE *)raw + done, &n) != HPDF_OK || n == 0)
            st = gl_hpdf_check(h, "reading the PDF back", err);
        done += n;
    }
    if (st != GL_OK) {
        gl_free(h->mem.alloc, raw);
        return st;
    }
    *out = raw;
    *len = size;
    return GL_OK;
}
