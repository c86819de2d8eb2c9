#include "writers/pdf_font.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hb-subset.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

gl_status gl_pdf_font_open(gl_pdf_font *f, const char *path, const gl_allocator *alloc,
                           gl_error *err) {
    memset(f, 0, sizeof *f);
    size_t n = strlen(path);
    f->path = gl_malloc(alloc, n + 1);
    f->widths = gl_malloc_array(alloc, GL_PDF_WIDTH_CACHE, sizeof *f->widths);
    f->used = hb_set_create();
    if (!f->path || !f->widths || !hb_set_allocation_successful(f->used)) {
        gl_pdf_font_close(f, alloc);
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while loading fonts");
    }
    memcpy(f->path, path, n + 1);
    for (size_t i = 0; i < GL_PDF_WIDTH_CACHE; i++)
        f->widths[i] = -1;
    /* An unreadable file gives HarfBuzz's empty blob, and an empty face. */
    f->blob = hb_blob_create_from_file(path);
    f->face = hb_face_create(f->blob, 0);
    f->upem = hb_face_get_upem(f->face);
    if (hb_blob_get_length(f->blob) == 0 || hb_face_get_glyph_count(f->face) == 0) {
        gl_pdf_font_close(f, alloc);
        return gl_fail(err, GL_EFONT, 0, "cannot read the font %s", path);
    }
    f->font = hb_font_create(f->face);
    hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
    return GL_OK;
}

bool gl_pdf_font_has(const gl_pdf_font *f, uint32_t cp) {
    hb_codepoint_t gid;
    return cp <= 0xFFFF && hb_font_get_nominal_glyph(f->font, cp, &gid);
}

int gl_pdf_font_advance(gl_pdf_font *f, uint32_t cp) {
    int16_t *cache = cp < GL_PDF_WIDTH_CACHE ? &f->widths[cp] : NULL;
    if (cache && *cache != -1)
        return *cache == -2 ? -1 : *cache;
    hb_codepoint_t gid;
    int adv = -1;
    if (cp <= 0xFFFF && hb_font_get_nominal_glyph(f->font, cp, &gid)) {
        hb_position_t units = hb_font_get_glyph_h_advance(f->font, gid);
        /* libharu: advance_width * 1000 / units_per_em, in unsigned integers. */
        adv = units > 0 ? (int)((uint32_t)units * 1000u / f->upem) : 0;
        if (adv > INT16_MAX)
            adv = INT16_MAX;
    }
    if (cache)
        *cache = (int16_t)(adv < 0 ? -2 : adv);
    return adv;
}

gl_status gl_pdf_font_use(gl_pdf_font *f, const char *text, size_t len, gl_error *err) {
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        i += gl_utf8_decode(text + i, len - i, &cp);
        if (cp >= 0)
            hb_set_add(f->used, (hb_codepoint_t)cp);
    }
    if (!hb_set_allocation_successful(f->used))
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while collecting glyphs");
    return GL_OK;
}

/* hb-subset's cut, or NULL when out of memory. The layout tables go: libharu
 * neither shapes nor embeds them, and their closure would pull in ligature
 * and variant glyphs nobody draws. So do the hinting instructions, half of a
 * DejaVu glyph's bytes, which no PDF viewer at today's resolutions needs
 * (WeasyPrint drops them too); but libharu refuses a font without cvt, fpgm
 * and prep tables (and HarfBuzz writes no empty table), so the cut gets
 * the smallest harmless ones: one zero control value, and programs that push
 * a byte and pop it. */
static hb_blob_t *cut(const gl_pdf_font *f) {
    static const hb_tag_t drop[] = {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
                                    HB_TAG('G', 'D', 'E', 'F'), HB_TAG('k', 'e', 'r', 'n'),
                                    HB_TAG('m', 'o', 'r', 'x'), HB_TAG('B', 'A', 'S', 'E'),
                                    HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H')};
    static const struct {
        hb_tag_t tag;
        char bytes[4];
        unsigned len;
    } empty[] = {{HB_TAG('c', 'v', 't', ' '), {0, 0}, 2},
                 {HB_TAG('f', 'p', 'g', 'm'), {(char)0xB0, 0, 0x21}, 3}, /* PUSHB[0] 0, POP */
                 {HB_TAG('p', 'r', 'e', 'p'), {(char)0xB0, 0, 0x21}, 3}};
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_union(hb_subset_input_unicode_set(in), f->used);
    hb_set_t *tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
        hb_set_add(tables, drop[i]);
    /* Of the names, the copyright, family, style and PostScript name stay. */
    hb_set_t *names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
    hb_set_clear(names);
    hb_set_add(names, 0);
    hb_set_add(names, 1);
    hb_set_add(names, 2);
    hb_set_add(names, 6);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_face_t *built = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!built)
        return NULL;
    /* HarfBuzz 6 lists no tables of a face still being built: read it back. */
    hb_blob_t *bytes = hb_face_reference_blob(built);
    hb_face_destroy(built);
    hb_face_t *sub = hb_face_create(bytes, 0);
    hb_blob_destroy(bytes);
    hb_face_t *out = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned count = sizeof tags / sizeof *tags;
    hb_face_get_table_tags(sub, 0, &count, tags);
    for (unsigned i = 0; i < count; i++) {
        hb_blob_t *t = hb_face_reference_table(sub, tags[i]);
        hb_face_builder_add_table(out, tags[i], t);
        hb_blob_destroy(t);
    }
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
        hb_blob_t *t = hb_face_reference_table(sub, empty[i].tag);
        if (hb_blob_get_length(t) == 0) {
            hb_blob_t *b =
                hb_blob_create(empty[i].bytes, empty[i].len, HB_MEMORY_MODE_READONLY, NULL, NULL);
            hb_face_builder_add_table(out, empty[i].tag, b);
            hb_blob_destroy(b);
        }
        hb_blob_destroy(t);
    }
    hb_face_destroy(sub);
    hb_blob_t *blob = hb_face_reference_blob(out);
    hb_face_destroy(out);
    if (hb_blob_get_length(blob) == 0) {
        hb_blob_destroy(blob);
        return NULL;
    }
    return blob;
}

/* Writes `len` bytes to a new private file; `path` gets its name. */
static gl_status write_temp(const char *data, size_t len, char *path, size_t size, gl_error *err) {
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    if ((size_t)snprintf(path, size, "%s/galley-font-XXXXXX", dir) >= size)
        return gl_fail(err, GL_EIO, 0, "temporary folder name too long: %s", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return gl_fail(err, GL_EIO, 0, "cannot create a temporary font file in %s: %s", dir,
                       strerror(errno));
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = errno;
            close(fd);
            unlink(path);
            return gl_fail(err, GL_EIO, 0, "cannot write the temporary font file %s: %s", path,
                           strerror(e));
        }
        done += (size_t)n;
    }
    if (close(fd) != 0) {
        unlink(path);
        return gl_fail(err, GL_EIO, 0, "cannot write the temporary font file %s", path);
    }
    return GL_OK;
}

/* A ToUnicode CMap (ISO 32000-1 9.10.3) for a font whose codes are the
 * code points themselves, as with libharu's UTF-8 encoder: one bfrange per
 * run of used code points that shares its high byte, 100 a block (the
 * limit 5014 sets for each begin...end section). */
static void to_unicode(gl_buf *b, const hb_set_t *used) {
    gl_buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    hb_codepoint_t first = HB_SET_VALUE_INVALID, last = HB_SET_VALUE_INVALID;
    unsigned runs = 0;
    gl_buf lines;
    gl_buf_init(&lines, b->alloc, 0);
    for (;;) {
        hb_codepoint_t cp = last;
        bool more = hb_set_next(used, &cp) && cp <= 0xFFFF;
        if (first != HB_SET_VALUE_INVALID &&
            (!more || cp != last + 1 || (cp >> 8) != (first >> 8) ||
             (cp >= 0xD800 && cp < 0xE000))) {
            gl_buf_printf(&lines, "<%04X> <%04X> <%04X>\n", first, last, first);
            if (++runs == 100) {
                gl_buf_printf(b, "100 beginbfrange\n%sendbfrange\n", gl_buf_cstr(&lines));
                gl_buf_clear(&lines);
                runs = 0;
            }
            first = HB_SET_VALUE_INVALID;
        }
        if (!more)
            break;
        if (cp >= 0xD800 && cp < 0xE000) {
            last = cp;
            continue;
        }
        if (first == HB_SET_VALUE_INVALID)
            first = cp;
        last = cp;
    }
    if (runs)
        gl_buf_printf(b, "%u beginbfrange\n%sendbfrange\n", runs, gl_buf_cstr(&lines));
    if (lines.status != GL_OK && b->status == GL_OK)
        b->status = lines.status;
    gl_buf_free(&lines);
    gl_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

gl_status gl_pdf_font_cut(gl_pdf_font *f, char *path, size_t size, gl_error *err) {
    hb_blob_t *blob = cut(f);
    if (!blob)
        return gl_fail(err, GL_ENOMEM, 0, "cannot cut the font %s to the characters used", f->path);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    gl_status st = write_temp(data, len, path, size, err);
    hb_blob_destroy(blob);
    return st;
}

/* Replaces the bytes of a libharu stream object. */
static gl_status rewrite(HPDF_Dict dict, const void *bytes, size_t len, gl_error *err) {
    HPDF_MemStream_FreeData(dict->stream);
    if (len > UINT32_MAX ||
        HPDF_Stream_Write(dict->stream, (const HPDF_BYTE *)bytes, (HPDF_UINT)len) != HPDF_OK)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while embedding a font");
    return GL_OK;
}

/* libharu writes a CIDToGIDMap for all 65,536 codes; a shorter one is
 * allowed (codes past its end map to glyph 0, ISO 32000-1 9.7.4.2), so it is
 * cut after the highest code used. */
static gl_status trim_cid_map(const gl_pdf_font *f, HPDF_Font font, const gl_allocator *alloc,
                              gl_error *err) {
    HPDF_Array kids = HPDF_Dict_GetItem(font, "DescendantFonts", HPDF_OCLASS_ARRAY);
    HPDF_Dict cid = kids ? HPDF_Array_GetItem(kids, 0, HPDF_OCLASS_DICT) : NULL;
    HPDF_Dict map = cid ? HPDF_Dict_GetItem(cid, "CIDToGIDMap", HPDF_OCLASS_DICT) : NULL;
    hb_codepoint_t max = hb_set_get_max(f->used);
    if (!map || !map->stream || max == HB_SET_VALUE_INVALID || max > 0xFFFF)
        return GL_OK;
    size_t len = ((size_t)max + 1) * 2;
    if (HPDF_Stream_Size(map->stream) < len)
        return GL_OK;
    unsigned char *bytes = gl_malloc(alloc, len);
    if (!bytes)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while embedding a font");
    HPDF_UINT n = (HPDF_UINT)len;
    gl_status st = GL_OK;
    if (HPDF_Stream_Seek(map->stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
        HPDF_Stream_Read(map->stream, bytes, &n) != HPDF_OK || n != len)
        st = gl_fail(err, GL_EFONT, 0, "cannot read libharu's CIDToGIDMap");
    if (st == GL_OK)
        st = rewrite(map, bytes, len, err);
    gl_free(alloc, bytes);
    return st;
}

gl_status gl_pdf_font_finish(const gl_pdf_font *f, HPDF_Font font, const gl_allocator *alloc,
                             gl_error *err) {
    gl_status st = trim_cid_map(f, font, alloc, err);
    HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (st != GL_OK || !cmap || !cmap->stream)
        return st; /* libharu made none: nothing to repair */
    /* Entries of the encoding CMap libharu copied; a ToUnicode stream needs
     * none of them (9.10.3). */
    static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        HPDF_Dict_RemoveElement(cmap, keys[i]); /* a missing key is no error */
    gl_buf b;
    gl_buf_init(&b, alloc, 0);
    to_unicode(&b, f->used);
    st = b.status == GL_OK ? rewrite(cmap, b.data, b.len, err)
                           : gl_fail(err, GL_ENOMEM, 0, "out of memory in ToUnicode");
    gl_buf_free(&b);
    return st;
}

void gl_pdf_font_close(gl_pdf_font *f, const gl_allocator *alloc) {
    gl_free(alloc, f->path);
    gl_free(alloc, f->widths);
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    hb_set_destroy(f->used);
    memset(f, 0, sizeof *f);
}
