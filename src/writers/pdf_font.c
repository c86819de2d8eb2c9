#include "writers/pdf_font.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hb-ot.h>
#include <hb-subset.h>
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
        /* advance_width * 1000 / units_per_em in unsigned integers, as /W has it. */
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

/* The tables the PDF embeds: those ISO 32000-1 9.9 requires of a TrueType
 * program under a CIDFont (glyf, head, hhea, hmtx, loca, maxp), no more.
 * cmap goes: the codes are glyph numbers (CIDToGIDMap /Identity), and the
 * text's characters are in ToUnicode; OS/2 and post give the font
 * descriptor what it needs (describe), read from the original. */
static bool embedded_table(hb_tag_t tag) {
    static const hb_tag_t keep[] = {HB_TAG('g', 'l', 'y', 'f'), HB_TAG('h', 'e', 'a', 'd'),
                                    HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
                                    HB_TAG('l', 'o', 'c', 'a'), HB_TAG('m', 'a', 'x', 'p')};
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        if (keep[i] == tag)
            return true;
    }
    return false;
}

/* hb-subset's plan for the cut, or NULL when out of memory. hb-subset is
 * told to drop every table the PDF does not embed, so it neither rebuilds
 * cmap, name, OS/2 and post nor closes over the layout tables (whose
 * ligature and variant glyphs nobody draws): cutting the seed article's
 * three fonts takes 0.17 ms, against 0.27 ms for a full cut read back. The
 * hinting instructions go too, half of a DejaVu glyph's bytes, which no PDF
 * viewer at today's resolutions needs (WeasyPrint drops them as well). */
static hb_subset_plan_t *plan_cut(const gl_pdf_font *f) {
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_union(hb_subset_input_unicode_set(in), f->used);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_tag_t tags[32];
    unsigned start = 0, n;
    do {
        n = sizeof tags / sizeof *tags;
        hb_face_get_table_tags(f->face, start, &n, tags);
        for (unsigned i = 0; i < n; i++) {
            if (!embedded_table(tags[i]))
                hb_set_add(drop, tags[i]);
        }
        start += n;
    } while (n == sizeof tags / sizeof *tags);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_subset_plan_t *plan =
        hb_set_allocation_successful(drop) ? hb_subset_plan_create_or_fail(f->face, in) : NULL;
    hb_subset_input_destroy(in);
    return plan;
}

/* Big-endian fields of font tables. */
static int s16(const char *p) {
    return (int16_t)(uint16_t)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

static uint32_t u32(const char *p) {
    return (uint32_t)(unsigned char)p[0] << 24 | (uint32_t)(unsigned char)p[1] << 16 |
           (uint32_t)(unsigned char)p[2] << 8 | (unsigned char)p[3];
}

/* Reads `tag` of `face` into `bytes` when it holds at least `need` bytes. */
static bool table(hb_face_t *face, hb_tag_t tag, unsigned need, char *bytes) {
    hb_blob_t *t = hb_face_reference_table(face, tag);
    unsigned len = 0;
    const char *data = hb_blob_get_data(t, &len);
    bool ok = len >= need;
    if (ok)
        memcpy(bytes, data, need);
    hb_blob_destroy(t);
    return ok;
}

/* The font descriptor's numbers (ISO 32000-1 9.8), in 1/1000 em, from the
 * original font: the cut keeps its metrics. */
static void describe(gl_pdf_font *f) {
    hb_face_t *face = f->face;
    char head[54], hhea[8], post[16], os2[90];
    int k = 1000;
    unsigned upem = f->upem ? f->upem : 1000;
    f->ascent = 800;
    f->descent = -200;
    if (table(face, HB_TAG('h', 'e', 'a', 'd'), sizeof head, head)) {
        for (int i = 0; i < 4; i++)
            f->bbox[i] = s16(head + 36 + 2 * i) * k / (int)upem;
        if (head[45] & 2)
            f->flags |= 64; /* Italic (macStyle) */
    }
    if (table(face, HB_TAG('h', 'h', 'e', 'a'), sizeof hhea, hhea)) {
        f->ascent = s16(hhea + 4) * k / (int)upem;
        f->descent = s16(hhea + 6) * k / (int)upem;
    }
    f->cap_height = f->ascent;
    unsigned weight = 400;
    if (table(face, HB_TAG('O', 'S', '/', '2'), sizeof os2, os2)) {
        weight = (uint16_t)s16(os2 + 4);
        if (s16(os2) >= 2)
            f->cap_height = s16(os2 + 88) * k / (int)upem;
    }
    if (table(face, HB_TAG('p', 'o', 's', 't'), sizeof post, post)) {
        f->italic_angle = (int32_t)u32(post + 4) / 65536;
        if (u32(post + 12))
            f->flags |= 1; /* FixedPitch */
        if (f->italic_angle)
            f->flags |= 64;
    }
    f->flags |= 32; /* Nonsymbolic: the codes are glyphs, any character set */
    /* StemV is required but unknown to TrueType; viewers use it only to
     * imitate a font they cannot load. */
    f->stem_v = weight >= 600 ? 140 : 80;
}

gl_status gl_pdf_font_cut(gl_pdf_font *f, const gl_allocator *alloc, gl_error *err) {
    hb_subset_plan_t *plan = plan_cut(f);
    f->codes = hb_map_create();
    if (!plan || !hb_map_allocation_successful(f->codes)) {
        hb_subset_plan_destroy(plan);
        return gl_fail(err, GL_ENOMEM, 0, "cannot cut the font %s to the characters used", f->path);
    }
    /* Each character's glyph in the cut: its glyph in the original, renumbered. */
    const hb_map_t *by_char = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
    const hb_map_t *renumbered = hb_subset_plan_old_to_new_glyph_mapping(plan);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    f->ncodes = 1;
    while (hb_set_next(f->used, &cp)) {
        hb_codepoint_t old = hb_map_get(by_char, cp);
        hb_codepoint_t gid = old == HB_MAP_VALUE_INVALID ? old : hb_map_get(renumbered, old);
        if (gid != HB_MAP_VALUE_INVALID && gid > 0 && gid <= 0xFFFF) {
            hb_map_set(f->codes, cp, gid);
            if (gid >= f->ncodes)
                f->ncodes = gid + 1;
        }
    }
    f->advances = gl_malloc_array(alloc, f->ncodes, sizeof *f->advances);
    if (f->advances) {
        /* Truncated as gl_pdf_font_advance does: the widths the layout used. */
        const hb_map_t *original = hb_subset_plan_new_to_old_glyph_mapping(plan);
        for (unsigned g = 0; g < f->ncodes; g++) {
            hb_codepoint_t old = hb_map_get(original, g);
            hb_position_t units =
                old == HB_MAP_VALUE_INVALID ? 0 : hb_font_get_glyph_h_advance(f->font, old);
            f->advances[g] = units > 0 ? (int)((uint32_t)units * 1000u / f->upem) : 0;
        }
    }
    describe(f);
    hb_face_t *cut = hb_subset_plan_execute_or_fail(plan);
    hb_subset_plan_destroy(plan);
    f->cut = cut ? hb_face_reference_blob(cut) : NULL;
    hb_face_destroy(cut);
    if (f->cut && hb_blob_get_length(f->cut) == 0) {
        hb_blob_destroy(f->cut);
        f->cut = NULL;
    }
    if (!f->cut || !f->advances || !hb_map_allocation_successful(f->codes))
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while cutting %s", f->path);
    return GL_OK;
}

unsigned gl_pdf_font_code(const gl_pdf_font *f, uint32_t cp) {
    hb_codepoint_t gid = hb_map_get(f->codes, cp);
    return gid == HB_MAP_VALUE_INVALID ? 0 : (unsigned)gid;
}

/* A ToUnicode CMap (ISO 32000-1 9.10.3) from the codes (glyphs of the cut)
 * to their characters: a bfrange for each run of consecutive codes showing
 * consecutive characters within one high byte of each (cut fonts keep the
 * glyph order of the original, which mostly follows Unicode), a bfchar for
 * a code alone; at most 100 lines a section (5014's limit). */
static void to_unicode(gl_buf *b, const uint32_t *chars, size_t n) {
    gl_buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    gl_buf ranges, singles;
    gl_buf_init(&ranges, b->alloc, 0);
    gl_buf_init(&singles, b->alloc, 0);
    unsigned nranges = 0, nsingles = 0;
    for (size_t code = 1; code < n;) {
        if (!chars[code]) {
            code++;
            continue;
        }
        size_t end = code + 1;
        while (end < n && chars[end] == chars[end - 1] + 1 && (end >> 8) == (code >> 8) &&
               (chars[end] >> 8) == (chars[code] >> 8))
            end++;
        if (end - code > 1) {
            gl_buf_printf(&ranges, "<%04zX> <%04zX> <%04X>\n", code, end - 1, chars[code]);
            if (++nranges == 100) {
                gl_buf_printf(b, "100 beginbfrange\n%sendbfrange\n", gl_buf_cstr(&ranges));
                gl_buf_clear(&ranges);
                nranges = 0;
            }
        } else {
            gl_buf_printf(&singles, "<%04zX> <%04X>\n", code, chars[code]);
            if (++nsingles == 100) {
                gl_buf_printf(b, "100 beginbfchar\n%sendbfchar\n", gl_buf_cstr(&singles));
                gl_buf_clear(&singles);
                nsingles = 0;
            }
        }
        code = end;
    }
    if (nranges)
        gl_buf_printf(b, "%u beginbfrange\n%sendbfrange\n", nranges, gl_buf_cstr(&ranges));
    if (nsingles)
        gl_buf_printf(b, "%u beginbfchar\n%sendbfchar\n", nsingles, gl_buf_cstr(&singles));
    if (ranges.status != GL_OK && b->status == GL_OK)
        b->status = ranges.status;
    if (singles.status != GL_OK && b->status == GL_OK)
        b->status = singles.status;
    gl_buf_free(&ranges);
    gl_buf_free(&singles);
    gl_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static int int_cmp(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The most common advance among the used codes: the CIDFont's /DW, so that
 * /W lists only the others (none at all for a monospaced or CJK font). */
static int common_width(const gl_pdf_font *f, const uint32_t *chars, int *sorted) {
    size_t n = 0;
    for (unsigned c = 1; c < f->ncodes; c++) {
        if (chars[c])
            sorted[n++] = f->advances[c];
    }
    if (!n)
        return 1000;
    qsort(sorted, n, sizeof *sorted, int_cmp);
    int best = sorted[0];
    size_t best_run = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && sorted[j] == sorted[i])
            j++;
        if (j - i > best_run) {
            best_run = j - i;
            best = sorted[i];
        }
        i = j;
    }
    return best;
}

/* The BaseFont: the subset tag, '+', and the PostScript name with only the
 * characters a PDF name takes unescaped (7.3.5). */
static void base_font(const gl_pdf_font *f, size_t index, char *out, size_t size) {
    char ps[64];
    unsigned len = sizeof ps;
    if (!hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, ps))
        ps[0] = '\0';
    /* A subset's name starts with a tag of six capitals (9.6.4); this one
     * counts the document's fonts. */
    char tag[8] = "GAAAAA+";
    for (size_t i = 5, n = index; n && i > 0; i--, n /= 26)
        tag[i] = (char)('A' + n % 26);
    size_t o = snprintf(out, size, "%s", tag);
    for (const char *c = ps; *c && o + 1 < size; c++) {
        if (*c > ' ' && *c < 0x7F && !strchr("()<>[]{}/%#", *c))
            out[o++] = *c;
    }
    if (o == 7)
        o += (size_t)snprintf(out + o, size - o, "Font%zu", index);
    out[o] = '\0';
}

gl_status gl_pdf_font_embed(gl_pdf_font *f, gl_hpdf *h, size_t index, const gl_allocator *alloc,
                            gl_error *err) {
    uint32_t *chars = gl_malloc_array(alloc, f->ncodes, sizeof *chars);
    int *sorted = gl_malloc_array(alloc, f->ncodes, sizeof *sorted);
    gl_buf cmap;
    gl_buf_init(&cmap, alloc, 0);
    gl_status st = chars && sorted ? GL_OK : GL_ENOMEM;
    if (st == GL_OK) {
        memset(chars, 0, f->ncodes * sizeof *chars);
        hb_codepoint_t cp = HB_SET_VALUE_INVALID;
        while (hb_set_next(f->used, &cp)) {
            unsigned code = gl_pdf_font_code(f, cp);
            if (code && !chars[code])
                chars[code] = cp; /* two characters sharing a glyph: the first names it */
        }
        to_unicode(&cmap, chars, f->ncodes);
        st = cmap.status;
    }
    char name[80];
    base_font(f, index, name, sizeof name);
    unsigned len = 0;
    const char *data = hb_blob_get_data(f->cut, &len);
    f->hpdf = NULL;
    if (st == GL_OK) {
        gl_hpdf_font_desc d = {name,
                               (const unsigned char *)data,
                               len,
                               f->flags,
                               f->stem_v,
                               {f->bbox[0], f->bbox[1], f->bbox[2], f->bbox[3]},
                               f->italic_angle,
                               f->ascent,
                               f->descent,
                               f->cap_height,
                               common_width(f, chars, sorted),
                               f->ncodes,
                               chars,
                               f->advances,
                               cmap.data,
                               cmap.len};
        st = gl_hpdf_font_add(h, &d, &f->hpdf);
    }
    gl_free(alloc, chars);
    gl_free(alloc, sorted);
    gl_buf_free(&cmap);
    if (st != GL_OK)
        return gl_fail(err, GL_ENOMEM, 0, "out of memory while embedding the font %s", f->path);
    return GL_OK;
}

void gl_pdf_font_close(gl_pdf_font *f, const gl_allocator *alloc) {
    gl_free(alloc, f->path);
    gl_free(alloc, f->widths);
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    hb_set_destroy(f->used);
    hb_blob_destroy(f->cut);
    hb_map_destroy(f->codes);
    gl_free(alloc, f->advances);
    memset(f, 0, sizeof *f);
}
