/* The PDF writer's title block (title, byline, date and site, source URL)
 * and document information (title, author, subject, dates, language). */
#include "writers/pdf_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "layout/bidi.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/date.h"
#include "util/utf8.h"

/* ---- the title block and document info ---- */

static gl_status meta_line(pdfw *w, const char *text, gl_pdf_face face, double size, int ink,
                           const char *url) {
    if (!text || !*text)
        return GL_OK;
    style sty = {face, size, 0, gl_pdf_linkable(url) ? url : NULL, ink, false};
    gl_status st = gl_pdf_para_reset(w, &w->body);
    /* In a right-to-left document every line of the block reads from the
     * right: aligned right, "date · site" in right-to-left order. */
    w->body.rtl_base = gl_bidi_language_rtl(w->lang);
    if (st == GL_OK)
        st = gl_pdf_para_add(w, &w->body, text, strlen(text), &sty, TEXT_PROSE, 0);
    if (st == GL_OK)
        st = gl_pdf_para_break(w, &w->body, w->right - w->left);
    if (st == GL_OK)
        st = gl_pdf_draw_para(w, &w->body, w->left, size, 0);
    gl_pdf_want_gap(w, 2);
    return st;
}

gl_status gl_pdf_title_block(pdfw *w) {
    const gl_doc *d = w->doc;
    const char *title = gl_doc_meta(d, GL_META_TITLE), *byline = gl_doc_meta(d, GL_META_BYLINE);
    /* The date as people write it in the document's language, as the text
     * and EPUB writers show it, never a raw timestamp. */
    char shown[GL_DATE_SHOWN_MAX];
    const char *date = gl_date_display(d, shown), *site = gl_doc_meta(d, GL_META_SITE);
    const char *url = gl_doc_meta(d, GL_META_URL);
    if (!title && !byline && !date && !site && !url)
        return GL_OK;
    gl_buf line;
    gl_buf_init(&line, w->alloc, 0);
    gl_buf_puts(&line, date ? date : "");
    if (date && site)
        gl_buf_puts(&line, " \xC2\xB7 "); /* a middle dot between date and site */
    gl_buf_puts(&line, site ? site : "");
    gl_status st = gl_pdf_buf_status(w, &line);
    if (st == GL_OK)
        st = meta_line(w, title, GL_PDF_SANS_BOLD, w->sz.title, INK_TEXT, NULL);
    if (st == GL_OK && title)
        gl_pdf_want_gap(w, 4);
    if (st == GL_OK)
        st = meta_line(w, byline, GL_PDF_SERIF_ITALIC, w->sz.body + 0.5, INK_TEXT, NULL);
    if (st == GL_OK)
        st = meta_line(w, gl_buf_cstr(&line), GL_PDF_SERIF, w->sz.small + 0.5, INK_GREY, NULL);
    if (st == GL_OK)
        st = meta_line(w, url, GL_PDF_SERIF, w->sz.small - 0.5, INK_LINK, url);
    gl_buf_free(&line);
    double top;
    gl_pdf_want_gap(w, 4);
    if (st == GL_OK)
        st = gl_pdf_place(w, 6, &top);
    if (st == GL_OK)
        st = gl_pdf_hrule(w, w->left, w->right, top - 3, 0.8);
    gl_pdf_want_gap(w, 12);
    return st;
}

/* The document's date for /CreationDate and /ModDate: the fields of
 * util/date.c, checked there (year 1 to 9999, real days and times). */
static gl_pdf_date pdf_date(const gl_date_fields *f) {
    return (gl_pdf_date){f->year, f->month, f->day,      f->hour,   f->min,
                         f->sec,  f->zone,  f->off_hour, f->off_min};
}

/* SOURCE_DATE_EPOCH as a date; false past 9999-12-31T23:59:59Z, which a
 * PDF date cannot write. */
static bool epoch_date(long long t, gl_pdf_date *d) {
    if (t < 0 || t > 253402300799LL)
        return false;
    gl_date_fields f = gl_date_from_epoch(t);
    *d = pdf_date(&f);
    return true;
}

/* GL_META_DATE as a date, its offset as stated. */
static bool meta_date(const char *iso, gl_pdf_date *d) {
    gl_date_fields f;
    if (!iso || !gl_date_split(iso, &f))
        return false;
    *d = pdf_date(&f);
    return true;
}

/* Sets the document information entry `key` to `value`. */
static gl_status info_attr(pdfw *w, const char *key, const char *value) {
    return gl_hpdf_set_info(w->pdf, key, value, &w->scratch, w->err);
}

/* The catalog's /Lang (14.9.2.1): the document's BCP 47 tag; readers use
 * it to pick a voice or a hyphenation. */
gl_status gl_pdf_set_lang(pdfw *w) {
    const char *lang = w->lang;
    size_t n = lang ? strlen(lang) : 0;
    if (n == 0 || n > 35)
        return GL_OK;
    for (size_t i = 0; i < n; i++) {
        char c = lang[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return GL_OK; /* not a language tag: left out */
    }
    return gl_hpdf_set_lang(w->pdf, lang, w->err);
}

gl_status gl_pdf_set_info(pdfw *w) {
    static const struct {
        gl_meta_field field;
        const char *key;
    } fields[] = {
        {GL_META_TITLE, "Title"}, {GL_META_BYLINE, "Author"}, {GL_META_DESCRIPTION, "Subject"}};
    gl_status st = info_attr(w, "Creator", "galley");
    if (st == GL_OK)
        st = info_attr(w, "Producer", "galley " GL_VERSION_STRING " (libharu)");
    for (size_t i = 0; i < sizeof fields / sizeof *fields && st == GL_OK; i++) {
        const char *v = gl_doc_meta(w->doc, fields[i].field);
        if (!v)
            continue;
        if ((st = gl_pdf_one_line(w, &w->outline_title, v, strlen(v))) == GL_OK)
            st = info_attr(w, fields[i].key, gl_buf_cstr(&w->outline_title));
    }
    if (st != GL_OK)
        return st;
    gl_pdf_date date;
    bool have = w->opt->source_date_epoch >= 0
                    ? epoch_date(w->opt->source_date_epoch, &date)
                    : meta_date(gl_doc_meta(w->doc, GL_META_DATE), &date);
    if (have)
        gl_hpdf_set_dates(w->pdf, &date);
    return gl_pdf_check(w, "setting the document information");
}
