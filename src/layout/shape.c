#include "layout/shape.h"

#include "util/vec.h"

hb_script_t gl_shape_script(uint32_t cp) {
    return hb_unicode_script(hb_unicode_funcs_get_default(), cp);
}

bool gl_shape_ignorable(uint32_t cp) {
    if (cp < 0x00AD)
        return false;
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 ||
           cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F) ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
           (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
           (cp >= 0xE0000 && cp <= 0xE0FFF);
}

bool gl_shape_simple(uint32_t cp) {
    /* The ranges prose spends most of its characters in, without a lookup. */
    if (cp < 0x0300)
        return true;
    if (cp < 0x0370)
        return false; /* combining diacritical marks */
    if (cp < 0x0590)
        return cp < 0x0483 || cp > 0x0489; /* Greek, Cyrillic (but its combining marks), Armenian */
    hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
    switch (hb_unicode_general_category(u, cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_FORMAT:
    case HB_UNICODE_GENERAL_CATEGORY_UNASSIGNED:
        return false;
    default:
        break;
    }
    switch (hb_unicode_script(u, cp)) {
    case HB_SCRIPT_COMMON:
    case HB_SCRIPT_LATIN:
    case HB_SCRIPT_GREEK:
    case HB_SCRIPT_CYRILLIC:
    case HB_SCRIPT_ARMENIAN:
    case HB_SCRIPT_GEORGIAN:
    case HB_SCRIPT_HAN:
    case HB_SCRIPT_HIRAGANA:
    case HB_SCRIPT_KATAKANA:
    case HB_SCRIPT_BOPOMOFO:
    case HB_SCRIPT_YI:
    case HB_SCRIPT_ETHIOPIC:
    case HB_SCRIPT_CHEROKEE:
    case HB_SCRIPT_CANADIAN_SYLLABICS:
    case HB_SCRIPT_RUNIC:
    case HB_SCRIPT_OGHAM:
        return true;
    case HB_SCRIPT_HANGUL:
        /* Syllables and compatibility jamo are whole; conjoining jamo
         * (U+1100-U+11FF, U+A960, U+D7B0) are composed by HarfBuzz. */
        return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x3130 && cp <= 0x318F) ||
               (cp >= 0xFFA0 && cp <= 0xFFDC);
    default:
        return false;
    }
}

gl_status gl_shape_run(const gl_shaper *s, const char *text, size_t len, size_t start, size_t end,
                       hb_script_t script, bool rtl, gl_glyphs *out) {
    /* HarfBuzz counts in int and unsigned. */
    if (len > INT32_MAX)
        return GL_ENOMEM;
    hb_buffer_t *buf = s->buf;
    hb_buffer_clear_contents(buf);
    hb_buffer_set_flags(buf, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES |
                                 (start == 0 ? HB_BUFFER_FLAG_BOT : 0) |
                                 (end == len ? HB_BUFFER_FLAG_EOT : 0));
    hb_buffer_add_utf8(buf, text, (int)len, (unsigned)start, (int)(end - start));
    hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, script);
    if (s->lang != HB_LANGUAGE_INVALID)
        hb_buffer_set_language(buf, s->lang);
    hb_shape(s->font, buf, NULL, 0);
    if (!hb_buffer_allocation_successful(buf))
        return GL_ENOMEM;
    unsigned n = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    if (gl_vec_grow(out->alloc, &out->items, &out->cap, out->count + n, sizeof *out->items) !=
        GL_OK)
        return GL_ENOMEM;
    for (unsigned i = 0; i < n; i++) {
        out->items[out->count++] = (gl_glyph){
            info[i].codepoint,
            info[i].cluster,
            pos[i].x_advance,
            pos[i].x_offset,
            pos[i].y_offset,
            (hb_glyph_info_get_glyph_flags(&info[i]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) != 0};
    }
    return GL_OK;
}
