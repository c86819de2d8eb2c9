/* Heading ids: one rule for every reader and writer (doc.h,
 * gl_doc_assign_ids), so that a heading gets the same id from Markdown and
 * from HTML, in XHTML, EPUB and PDF links alike. The rule is the XHTML
 * writer's, as EPUB needs it: every id an NCName (XML Namespaces §3), what
 * xml:id and epubcheck accept. */
#include "tree/ids.h"
#include "tree/tree.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>
#include "util/error.h"
#include "util/utf8.h"

/* NameStartChar and NameChar of XML 1.0 (fifth edition) §2.3, without the
 * colon, which an NCName may not hold. */
static bool name_start_char(int32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
           (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || c == 0x200C ||
           c == 0x200D || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
           (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
           (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static bool name_char(int32_t c) {
    return name_start_char(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
           (c >= 0x300 && c <= 0x36F) || c == 0x203F || c == 0x2040;
}

void gl_id_append_name(gl_buf *b, const char *s, size_t len, bool slug, size_t max, int *state) {
    for (size_t i = 0; i < len;) {
        int32_t c;
        i += gl_utf8_decode(s + i, len - i, &c);
        bool keep = c >= 0 && name_char(c) && (!slug || (c != '.' && c != 0xB7 && c != '-'));
        if (slug && keep && c >= 0x80) {
            utf8proc_category_t cat = utf8proc_category(c);
            keep = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
        }
        if (!keep) {
            /* In a slug, as in GitHub's anchors, only spaces and '-' part
             * words: other punctuation goes ("2014's" -> "2014s"). */
            if (*state == 1 && (!slug || c == '-' || c == '\t' || c == '\n' || c == '\r' ||
                                (c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS)))
                *state = 2;
            continue;
        }
        if (slug)
            c = c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : utf8proc_tolower(c);
        char enc[4];
        size_t n = gl_utf8_encode(c, enc);
        if (b->len + n + (*state == 2) > max)
            return;
        if (*state == 2)
            gl_buf_putc(b, '-');
        *state = 1;
        gl_buf_append(b, enc, n);
    }
}

void gl_id_finish_name(gl_buf *b, const char *fallback, const char *prefix) {
    if (b->len == 0 || b->status != GL_OK) {
        gl_buf_puts(b, fallback);
        return;
    }
    int32_t c;
    gl_utf8_decode(b->data, b->len, &c);
    size_t len = b->len, plen = strlen(prefix);
    if (!name_start_char(c) && gl_buf_append(b, prefix, plen) == GL_OK) {
        memmove(b->data + plen, b->data, len);
        memcpy(b->data, prefix, plen);
    }
}

gl_status gl_id_of_heading(const gl_node *h, gl_buf *out) {
    gl_buf_clear(out);
    int state = 0;
    if (h->info && *h->info) {
        gl_id_append_name(out, h->info, strlen(h->info), false, GL_ID_MAX, &state);
    } else {
        gl_iter it;
        gl_iter_init(&it, h);
        while (gl_iter_next(&it) != GL_EVENT_NONE && out->len < GL_SLUG_MAX) {
            const gl_node *n = it.node;
            if (it.event == GL_EVENT_ENTER && (n->type == GL_NODE_TEXT || n->type == GL_NODE_CODE))
                gl_id_append_name(out, n->text, n->text_len, true, GL_SLUG_MAX, &state);
        }
    }
    gl_id_finish_name(out, "section", "h-");
    return out->status;
}

gl_status gl_id_claim(gl_strmap *used, gl_buf *id) {
    if (id->status != GL_OK)
        return GL_ENOMEM;
    size_t base_len = id->len, *last;
    bool added;
    if (gl_strmap_put(used, id->data, base_len, 1, &last, &added) != GL_OK)
        return GL_ENOMEM;
    if (added)
        return GL_OK;
    size_t n = *last;
    do {
        n++;
        id->len = base_len;
        if (gl_buf_printf(id, "-%zu", n) != GL_OK)
            return GL_ENOMEM;
    } while (gl_strmap_get(used, id->data, id->len, NULL));
    *last = n; /* before the put below, which may move it */
    return gl_strmap_put(used, id->data, id->len, 1, NULL, NULL) == GL_OK ? GL_OK : GL_ENOMEM;
}

/* Gives the headings of one kind their ids: those with an id of their own
 * (`own`), or the others. */
static gl_status assign(gl_doc *doc, gl_strmap *used, gl_buf *id, bool own) {
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(doc));
    while (gl_iter_next(&it) != GL_EVENT_NONE) {
        gl_node *h = (gl_node *)it.node;
        if (it.event != GL_EVENT_ENTER || h->type != GL_NODE_HEADING)
            continue;
        gl_iter_skip_children(&it);
        if ((h->info && *h->info) != own)
            continue;
        if (gl_id_of_heading(h, id) != GL_OK || gl_id_claim(used, id) != GL_OK ||
            gl_node_set_info(doc, h, id->data, id->len) != GL_OK)
            return GL_ENOMEM;
    }
    return GL_OK;
}

gl_status gl_doc_assign_ids(gl_doc *doc, gl_error *err) {
    const gl_allocator *a = &doc->alloc;
    gl_strmap used;
    gl_strmap_init(&used, a, 0);
    gl_buf id;
    gl_buf_init(&id, a, 0);
    gl_status st = assign(doc, &used, &id, true);
    if (st == GL_OK)
        st = assign(doc, &used, &id, false);
    gl_buf_free(&id);
    gl_strmap_free(&used);
    return st == GL_OK ? GL_OK : gl_fail(err, st, 0, "out of memory making heading ids");
}
