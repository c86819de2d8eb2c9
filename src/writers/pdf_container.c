/* The PDF writer's containers: lists and their markers, block quotes and
 * their rules, footnotes (numbered in document order, linked both ways),
 * and the walk over the blocks, with gl_iter, never by recursion: open
 * lists, items and quotes live on a heap stack of frames. */
#include "writers/pdf_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"
#include "tree/iter.h"

/* ---- containers ---- */

static gl_status push_frame(pdfw *w, gl_node_type type, double indent) {
    if (gl_vec_grow(w->alloc, &w->frames, &w->frame_cap, w->nframes + 1, sizeof *w->frames) !=
        GL_OK)
        return gl_pdf_oom(w);
    double left = gl_pdf_frame_left(w);
    /* Deep nesting stops indenting while a third of the column is left. */
    if (w->right - (left + indent) >= (w->right - w->left) / 3)
        left += indent;
    frame *f = &w->frames[w->nframes++];
    *f = (frame){type, left, 1, false, false, -1};
    if (type == GL_NODE_BLOCKQUOTE)
        w->unset_rules++;
    return GL_OK;
}

/* Draws a pending marker alone on a line (an item with nothing to show). */
static gl_status flush_marker(pdfw *w) {
    if (!w->has_marker)
        return GL_OK;
    double lh = w->sz.body * LEADING, top;
    gl_status st = gl_pdf_place(w, lh, &top);
    return st == GL_OK ? gl_pdf_draw_marker(w, gl_pdf_baseline_in(top, lh, w->sz.body)) : st;
}

static gl_status set_marker(pdfw *w, const char *text, gl_pdf_face face) {
    gl_status st = flush_marker(w);
    if (st != GL_OK)
        return st;
    snprintf(w->marker, sizeof w->marker, "%s", text);
    w->marker_face = face;
    w->marker_right = gl_pdf_frame_left(w) - w->sz.marker_gap;
    w->has_marker = true;
    return gl_pdf_get_font(w, face) >= 0 ? GL_OK : w->err->status;
}

/* A task box from the body face or the heading face, else ASCII. */
static gl_status task_marker(pdfw *w, gl_task task) {
    const char *box = task == GL_TASK_DONE ? "\xE2\x98\x91" : "\xE2\x98\x90";
    uint32_t cp = task == GL_TASK_DONE ? 0x2611 : 0x2610;
    static const gl_pdf_face faces[] = {GL_PDF_SERIF, GL_PDF_SANS_BOLD};
    for (size_t i = 0; i < sizeof faces / sizeof *faces; i++) {
        int font = gl_pdf_get_font(w, faces[i]);
        if (font < 0)
            return w->err->status;
        if (gl_pdf_font_has(&w->fonts[font], cp))
            return set_marker(w, box, faces[i]);
    }
    return set_marker(w, task == GL_TASK_DONE ? "[x]" : "[ ]", GL_PDF_SERIF);
}

static gl_status enter_item(pdfw *w, const gl_node *n) {
    frame *list = w->nframes ? &w->frames[w->nframes - 1] : NULL;
    bool ordered = list && list->type == GL_NODE_LIST && list->ordered;
    long number = list && list->type == GL_NODE_LIST ? list->number++ : 1;
    bool tight = list && list->tight;
    gl_status st = push_frame(w, GL_NODE_ITEM, w->sz.list_indent);
    if (st != GL_OK)
        return st;
    w->frames[w->nframes - 1].tight = tight;
    if (n->task != GL_TASK_NONE)
        return task_marker(w, n->task);
    if (ordered) {
        char num[24];
        snprintf(num, sizeof num, "%ld.", number);
        return set_marker(w, num, GL_PDF_SERIF);
    }
    return set_marker(w, "\xE2\x80\xA2", GL_PDF_SERIF);
}

/* A footnote: its number hangs in an indent wide enough for it, so that
 * "[10]" stays inside the text column. */
static gl_status enter_note(pdfw *w, const note *nt) {
    char num[32];
    snprintf(num, sizeof num, "[%zu]", nt ? nt->number : (size_t)0);
    int font = gl_pdf_get_font(w, GL_PDF_SERIF);
    if (font < 0)
        return w->err->status;
    double need = gl_pdf_text_width(w, (unsigned)font, w->sz.body, num) + w->sz.marker_gap;
    gl_status st =
        push_frame(w, GL_NODE_FOOTNOTE_DEF, need > w->sz.list_indent ? need : w->sz.list_indent);
    if (st == GL_OK)
        st = set_marker(w, num, GL_PDF_SERIF);
    if (st == GL_OK && nt) {
        w->pending_dest = nt->names;
        w->marker_url = gl_pdf_ref_of(nt->names);
    }
    return st;
}

static gl_status exit_quote(pdfw *w) {
    frame *f = &w->frames[w->nframes - 1];
    gl_status st = GL_OK;
    if (f->rule_top >= 0)
        st = gl_pdf_draw_rule_v(w, f->left - w->sz.quote_indent + 3, f->rule_top, w->y);
    else
        w->unset_rules--;
    w->nframes--;
    gl_pdf_want_gap(w, w->sz.para_gap);
    return st;
}

/* The image that stands alone in paragraph `block` (besides it only
 * whitespace, and the links and emphasis around it), as HTML's <p><img></p>
 * or <p><a><img></a></p> has it; NULL when there is none or there is more.
 * *link is the clickable target of the link around it, if any. */
static const gl_node *lone_image(const gl_node *block, const char **link) {
    const gl_node *img = NULL;
    const char *url = NULL;
    gl_iter it;
    gl_iter_init(&it, block);
    gl_event ev;
    while ((ev = gl_iter_next_inside(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (ev != GL_EVENT_ENTER) {
            if (n->type == GL_NODE_LINK)
                url = NULL;
            continue;
        }
        switch (n->type) {
        case GL_NODE_TEXT:
            for (size_t i = 0; i < n->text_len; i++) {
                char c = n->text[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                    return NULL;
            }
            break;
        case GL_NODE_LINE_BREAK:
        case GL_NODE_EMPH:
        case GL_NODE_STRONG:
            break;
        case GL_NODE_LINK:
            url = gl_pdf_linkable(n->url) ? n->url : NULL;
            break;
        case GL_NODE_IMAGE:
            if (img || !n->url)
                return NULL;
            img = n;
            *link = url;
            break;
        default:
            return NULL;
        }
    }
    return img;
}

/* Renders the blocks under `container` (the document, or one footnote). */
gl_status gl_pdf_walk_blocks(pdfw *w, const gl_node *container, const note *nt) {
    gl_iter it;
    gl_iter_init(&it, container);
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        gl_status st = GL_OK;
        if (ev == GL_EVENT_ENTER) {
            switch (n->type) {
            case GL_NODE_DOCUMENT:
                break;
            case GL_NODE_HEADING:
                st = gl_pdf_do_heading(w, n);
                gl_iter_skip_children(&it);
                break;
            case GL_NODE_PARAGRAPH: {
                const char *link = NULL;
                const gl_node *img = lone_image(n, &link);
                if (img && gl_pdf_figure_image(w, img) >= 0)
                    st = gl_pdf_do_figure(w, img, link);
                else if ((st = w->err->status) == GL_OK)
                    st = gl_pdf_do_paragraph(w, n, GL_PDF_SERIF, w->sz.body);
                gl_iter_skip_children(&it);
                break;
            }
            case GL_NODE_CODE_BLOCK:
                st = gl_pdf_do_code(w, n);
                break;
            case GL_NODE_THEMATIC_BREAK:
                st = gl_pdf_do_thematic_break(w);
                break;
            case GL_NODE_FIGURE:
                st = gl_pdf_do_figure(w, n, NULL);
                gl_iter_skip_children(&it);
                break;
            case GL_NODE_TABLE:
                st = gl_pdf_do_table(w, n);
                gl_iter_skip_children(&it);
                break;
            case GL_NODE_LIST:
                gl_pdf_want_gap(w, gl_pdf_block_gap(w));
                st = push_frame(w, GL_NODE_LIST, 0);
                if (st == GL_OK) {
                    frame *f = &w->frames[w->nframes - 1];
                    f->ordered = n->ordered;
                    f->tight = n->tight;
                    f->number = n->start;
                }
                break;
            case GL_NODE_ITEM:
                st = enter_item(w, n);
                break;
            case GL_NODE_BLOCKQUOTE:
                gl_pdf_want_gap(w, w->sz.para_gap);
                st = push_frame(w, GL_NODE_BLOCKQUOTE, w->sz.quote_indent);
                break;
            case GL_NODE_FOOTNOTE_DEF:
                if (n != container) {
                    gl_iter_skip_children(&it);
                    break;
                }
                st = enter_note(w, nt);
                break;
            default:
                gl_iter_skip_children(&it);
                break;
            }
        } else {
            switch (n->type) {
            case GL_NODE_LIST:
                w->nframes--;
                gl_pdf_want_gap(w, gl_pdf_block_gap(w));
                break;
            case GL_NODE_ITEM:
                st = flush_marker(w);
                w->nframes--;
                break;
            case GL_NODE_BLOCKQUOTE:
                st = exit_quote(w);
                break;
            case GL_NODE_FOOTNOTE_DEF:
                if (n == container) {
                    st = flush_marker(w);
                    w->nframes--;
                }
                break;
            default:
                break;
            }
        }
        if (st != GL_OK)
            return st;
    }
    return GL_OK;
}

/* ---- footnotes ---- */

static int note_cmp(const void *a, const void *b) {
    return strcmp(((const note *)a)->label, ((const note *)b)->label);
}

const note *gl_pdf_find_note(const pdfw *w, const char *label) {
    if (!label || !w->nnotes)
        return NULL;
    note key = {label, NULL, 0};
    return bsearch(&key, w->by_label, w->nnotes, sizeof *w->by_label, note_cmp);
}

/* Numbers the footnote definitions in document order. */
gl_status gl_pdf_collect_notes(pdfw *w) {
    size_t cap = 0;
    gl_iter it;
    gl_iter_init(&it, gl_doc_root(w->doc));
    gl_event ev;
    while ((ev = gl_iter_next(&it)) != GL_EVENT_NONE) {
        const gl_node *n = it.node;
        if (ev != GL_EVENT_ENTER || n->type != GL_NODE_FOOTNOTE_DEF)
            continue;
        gl_iter_skip_children(&it);
        if (gl_vec_grow(w->alloc, &w->notes, &cap, w->nnotes + 1, sizeof *w->notes) != GL_OK)
            return gl_pdf_oom(w);
        const char *label = n->info ? n->info : "";
        size_t len = strlen(label);
        char *names = gl_malloc(w->alloc, 2 * len + 6);
        if (!names)
            return gl_pdf_oom(w);
        snprintf(names, len + 3, "\x01n%s", label);
        snprintf(names + len + 3, len + 3, "\x01r%s", label);
        w->notes[w->nnotes] = (note){label, n, w->nnotes + 1, names};
        w->nnotes++;
    }
    if (!w->nnotes)
        return GL_OK;
    w->by_label = gl_malloc_array(w->alloc, w->nnotes, sizeof *w->by_label);
    if (!w->by_label)
        return gl_pdf_oom(w);
    memcpy(w->by_label, w->notes, w->nnotes * sizeof *w->notes);
    qsort(w->by_label, w->nnotes, sizeof *w->by_label, note_cmp);
    return GL_OK;
}

gl_status gl_pdf_render_notes(pdfw *w) {
    if (!w->nnotes)
        return GL_OK;
    double top;
    gl_pdf_want_gap(w, w->sz.para_gap * 2);
    gl_status st = gl_pdf_place(w, 8, &top);
    if (st == GL_OK)
        st = gl_pdf_hrule(w, w->left, w->left + (w->right - w->left) / 3, top - 4, 0.5);
    for (size_t i = 0; i < w->nnotes && st == GL_OK; i++)
        st = gl_pdf_walk_blocks(w, w->notes[i].def, &w->notes[i]);
    return st;
}
