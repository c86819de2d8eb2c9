/* The PDF writer's only door to libharu (pdf_hpdf.c is the one file that
 * includes its headers, public or private; a ctest greps src/ for it). The
 * layout and the replay talk to libharu through these calls, in galley's
 * types: a document with its memory and first error, pages, fonts, images
 * and the document information. Links and bookmarks are not libharu's
 * (pdf_nav.c). Objects are opaque pointers into the document, valid until
 * gl_hpdf_free. */
#ifndef GL_WRITERS_PDF_HPDF_H
#define GL_WRITERS_PDF_HPDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "galley/error.h"
#include "galley/options.h"
#include "util/buf.h"

/* A libharu document, the memory it draws from and the first error it
 * reported. */
typedef struct gl_hpdf gl_hpdf;

/* An object of the document (a page, font or image). */
typedef struct gl_hpdf_obj gl_hpdf_obj;

/* A date of the document information (ISO 32000-1 7.9.4): `ind` is ' ' (no
 * offset), 'Z', '+' or '-', then off_hour:off_minutes. */
typedef struct gl_pdf_date {
    int year, month, day, hour, minutes, seconds;
    char ind;
    int off_hour, off_minutes;
} gl_pdf_date;

/* Makes an empty document whose memory (libharu's included) comes from
 * `alloc`, streams written plain (pdf_pack.c deflates them). The memory
 * hook is set for this thread until gl_hpdf_free: one document at a time
 * per thread. GL_OK or GL_ENOMEM. */
gl_status gl_hpdf_new(gl_hpdf **out, const gl_allocator *alloc, gl_error *err);

/* Frees the document and every block libharu lost on a failed path, and
 * restores the thread's memory hook. NULL is a no-op. */
void gl_hpdf_free(gl_hpdf *h);

/* GL_OK while libharu has reported nothing (and err holds nothing); else
 * GL_ENOMEM ("out of memory in libharu while DOING") or GL_EIO ("libharu
 * failed while DOING (error 0x..., detail ...)"). */
gl_status gl_hpdf_check(gl_hpdf *h, const char *doing, gl_error *err);

/* Whether an allocation of libharu's has failed: its later errors are the
 * consequences. */
bool gl_hpdf_out_of_memory(const gl_hpdf *h);

/* The document information entry `key` as a text string of UTF-8 `value`
 * (printable ASCII as a literal string, else UTF-16BE; `scratch` is used
 * for that). GL_OK, GL_ENOMEM, or GL_EIO. */
gl_status gl_hpdf_set_info(gl_hpdf *h, const char *key, const char *value, gl_buf *scratch,
                           gl_error *err);

/* /CreationDate and /ModDate. Checked by the next gl_hpdf_check. */
void gl_hpdf_set_dates(gl_hpdf *h, const gl_pdf_date *date);

/* The catalog's /Lang (a BCP 47 tag, already checked). */
gl_status gl_hpdf_set_lang(gl_hpdf *h, const char *lang, gl_error *err);

/* Shows the bookmarks when the document is opened. */
void gl_hpdf_show_outlines(gl_hpdf *h);

/* Loads a JPEG file's bytes as an image XObject, its DCT data unchanged;
 * NULL on failure, the reason left for gl_hpdf_image_failure. */
gl_hpdf_obj *gl_hpdf_jpeg_load(gl_hpdf *h, const unsigned char *data, size_t len);

/* After a failed gl_hpdf_jpeg_load: GL_ENOMEM when memory ran out (err
 * set), else GL_OK with *code the libharu error, which is cleared: it
 * concerns that image only. */
gl_status gl_hpdf_image_failure(gl_hpdf *h, unsigned *code, gl_error *err);

/* An image of 8-bit samples, deflated (zlib): `channels` 1 (DeviceGray) or
 * 3 (DeviceRGB), and an optional alpha plane of the same size, deflated too,
 * which becomes its /SMask. */
typedef struct gl_hpdf_raw_image {
    unsigned width, height, channels;
    const unsigned char *data;
    size_t len;
    const unsigned char *alpha; /* NULL: opaque */
    size_t alpha_len;
} gl_hpdf_raw_image;

/* Adds the image XObject (and its soft mask) to the document; *out gets it.
 * GL_OK, GL_ENOMEM, or GL_ELIMIT (sizes past what libharu's objects hold). */
gl_status gl_hpdf_image_add(gl_hpdf *h, const gl_hpdf_raw_image *img, gl_hpdf_obj **out,
                            gl_error *err);

/* What gl_hpdf_font_add writes: a cut TrueType font as a Type 0 font
 * (ISO 32000-1 9.7) with Identity-H codes, whose CIDs are the glyphs. */
typedef struct gl_hpdf_font_desc {
    const char *name;             /* BaseFont and FontName */
    const unsigned char *program; /* the FontFile2 */
    size_t program_len;
    unsigned flags, stem_v;
    int bbox[4], italic_angle, ascent, descent, cap_height; /* 1/1000 em */
    int dw;                                                 /* the default width */
    unsigned ncodes;                                        /* codes 1 .. ncodes-1 may be drawn */
    const unsigned char *drawn; /* drawn[c]: whether the pages draw code c */
    const int *advances;        /* advances[c], 1/1000 em: /W lists those not dw */
    const char *cmap;           /* the ToUnicode CMap */
    size_t cmap_len;
} gl_hpdf_font_desc;

/* Adds the font's objects to the document; *font gets the font dictionary,
 * which pages name in their resources. GL_OK or GL_ENOMEM. */
gl_status gl_hpdf_font_add(gl_hpdf *h, const gl_hpdf_font_desc *d, gl_hpdf_obj **font);

/* Appends a page of `width` x `height` points (without ProcSet, obsolete
 * since PDF 1.4, ISO 32000-1 14.2); NULL on failure (see gl_hpdf_check). */
gl_hpdf_obj *gl_hpdf_add_page(gl_hpdf *h, double width, double height);

/* The number of `obj` (an object of its own, such as a page) in the file
 * gl_hpdf_save writes. */
uint32_t gl_hpdf_object_number(const gl_hpdf_obj *obj);

/* Labels the pages with plain numbers from 1 (12.4.2). */
gl_status gl_hpdf_number_pages(gl_hpdf *h, gl_error *err);

/* Appends `len` bytes to the page's content stream. */
gl_status gl_hpdf_page_write(gl_hpdf *h, gl_hpdf_obj *page, const char *data, size_t len,
                             gl_error *err);

/* The names of a font or an image in the page's resources, added on first
 * use; NULL on failure. */
const char *gl_hpdf_font_name(gl_hpdf_obj *page, gl_hpdf_obj *font);
const char *gl_hpdf_image_name(gl_hpdf_obj *page, gl_hpdf_obj *image);

/* Writes the file (PDF 1.4, classic cross-reference table); *out gets it
 * from the allocator, *len its size. GL_OK, GL_ENOMEM or GL_EIO. */
gl_status gl_hpdf_save(gl_hpdf *h, char **out, size_t *len, gl_error *err);

#endif
