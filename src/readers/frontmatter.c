/* Front matter through libyaml's document API, which never aborts and does not
 * expand aliases (so an alias bomb costs nothing). */
#include "readers/frontmatter.h"

#include <stdbool.h>
#include <string.h>
#include <yaml.h>
#include "util/date.h"
#include "util/error.h"

static const char *const source = "front matter";

typedef enum key_kind { KEY_META, KEY_AUTHORS, KEY_DATE } key_kind;

typedef struct key_entry {
    const char *key;
    key_kind kind;
    gl_meta_field field; /* for KEY_META */
} key_entry;

static const key_entry keys[] = {
    {"title", KEY_META, GL_META_TITLE},
    {"author", KEY_AUTHORS, GL_META_BYLINE},
    {"authors", KEY_AUTHORS, GL_META_BYLINE},
    {"date", KEY_DATE, GL_META_DATE},
    {"lang", KEY_META, GL_META_LANG},
    {"language", KEY_META, GL_META_LANG},
    {"url", KEY_META, GL_META_URL},
    {"source", KEY_META, GL_META_URL},
    {"description", KEY_META, GL_META_DESCRIPTION},
    {"site", KEY_META, GL_META_SITE},
    {"site_name", KEY_META, GL_META_SITE},
};

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Whether line[0..len) (its newline excluded) is `mark` followed only by blanks. */
static bool is_fence(const char *line, size_t len, const char *mark) {
    if (len < 3 || memcmp(line, mark, 3) != 0)
        return false;
    for (size_t i = 3; i < len; i++)
        if (!is_blank(line[i]))
            return false;
    return true;
}

static bool key_is(const yaml_node_t *k, const char *name) {
    size_t n = strlen(name);
    if (k->data.scalar.length != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = (char)k->data.scalar.value[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return false;
    }
    return true;
}

/* The scalar's text with blanks trimmed, or NULL when the node is not a usable
 * string (not a scalar, empty, or holding a NUL from an escape like "\0"). */
static const char *scalar_text(const yaml_node_t *n, size_t *len) {
    if (!n || n->type != YAML_SCALAR_NODE)
        return NULL;
    const char *s = (const char *)n->data.scalar.value;
    size_t l = n->data.scalar.length;
    if (memchr(s, '\0', l))
        return NULL;
    while (l && is_blank(*s))
        s++, l--;
    while (l && is_blank(s[l - 1]))
        l--;
    *len = l;
    return l ? s : NULL;
}

/* gl_doc_set_meta refuses invalid UTF-8 (a YAML escape can make some): such a
 * value is skipped, only running out of memory is an error. */
static gl_status keep_enomem(gl_status st) { return st == GL_ENOMEM ? GL_ENOMEM : GL_OK; }

static gl_status add_author(gl_doc *doc, yaml_document_t *yd, yaml_node_t *n) {
    size_t len;
    const char *s = scalar_text(n, &len);
    if (!s && n && n->type == YAML_MAPPING_NODE) {
        /* Hugo and others write authors as {name: ..., email: ...}. */
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(yd, p->key);
            if (k && k->type == YAML_SCALAR_NODE && key_is(k, "name"))
                s = scalar_text(yaml_document_get_node(yd, p->value), &len);
        }
    }
    return s ? keep_enomem(gl_doc_add_author(doc, s, len, source)) : GL_OK;
}

static gl_status read_authors(gl_doc *doc, yaml_document_t *yd, yaml_node_t *v) {
    if (!v || v->type != YAML_SEQUENCE_NODE)
        return add_author(doc, yd, v);
    for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
        gl_status st = add_author(doc, yd, yaml_document_get_node(yd, *i));
        if (st != GL_OK)
            return st;
    }
    return GL_OK;
}

static gl_status read_date(gl_doc *doc, yaml_node_t *v, const gl_input *in, const gl_options *opt,
                           unsigned long line) {
    size_t len;
    const char *s = scalar_text(v, &len);
    if (!s)
        return GL_OK;
    char iso[GL_DATE_ISO_MAX];
    if (gl_date_parse(s, len, iso) == GL_OK) {
        gl_status st = gl_doc_set_meta(doc, GL_META_DATE, iso, strlen(iso), source);
        if (st != GL_OK)
            return keep_enomem(st);
    } else {
        gl_warnf(opt, in->name, line, "front matter date \"%.*s\" is not a date galley reads",
                 (int)(len > 60 ? 60 : len), s);
    }
    return keep_enomem(gl_doc_set_meta(doc, GL_META_DATE_TEXT, s, len, source));
}

static gl_status read_mapping(gl_doc *doc, yaml_document_t *yd, yaml_node_t *root,
                              const gl_input *in, const gl_options *opt) {
    /* An author list replaces a single author given earlier under another key. */
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(yd, p->key);
        yaml_node_t *v = yaml_document_get_node(yd, p->value);
        if (!k || k->type != YAML_SCALAR_NODE || !v)
            continue;
        /* Lines of the YAML text start after the opening "---" (line 1). */
        unsigned long line = (unsigned long)k->start_mark.line + 2;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            if (!key_is(k, keys[i].key))
                continue;
            gl_status st = GL_OK;
            size_t len;
            const char *s;
            switch (keys[i].kind) {
            case KEY_AUTHORS:
                gl_doc_clear_meta(doc, GL_META_BYLINE);
                st = read_authors(doc, yd, v);
                break;
            case KEY_DATE:
                st = read_date(doc, v, in, opt, line);
                break;
            case KEY_META:
                s = scalar_text(v, &len);
                if (s)
                    st = keep_enomem(gl_doc_set_meta(doc, keys[i].field, s, len, source));
                break;
            }
            if (st != GL_OK)
                return st;
            break;
        }
    }
    return GL_OK;
}

gl_status gl_frontmatter_read(gl_doc *doc, const char *text, size_t len, const gl_input *in,
                              const gl_options *opt, gl_error *err, size_t *body,
                              unsigned long *lines) {
    *body = 0;
    *lines = 0;
    const char *nl = memchr(text, '\n', len);
    if (!nl || !is_fence(text, (size_t)(nl - text), "---"))
        return GL_OK;
    size_t yaml_start = (size_t)(nl - text) + 1, pos = yaml_start, end = 0;
    unsigned long count = 1;
    bool closed = false;
    while (pos < len) {
        const char *e = memchr(text + pos, '\n', len - pos);
        size_t line_len = e ? (size_t)(e - (text + pos)) : len - pos;
        count++;
        if (is_fence(text + pos, line_len, "---") || is_fence(text + pos, line_len, "...")) {
            end = pos;
            pos += line_len + (e ? 1 : 0);
            closed = true;
            break;
        }
        pos += line_len + 1;
    }
    if (!closed)
        return GL_OK;

    yaml_parser_t parser;
    yaml_document_t yd;
    if (!yaml_parser_initialize(&parser))
        return gl_fail(err, GL_ENOMEM, 1, "out of memory reading the front matter");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text + yaml_start,
                                 end - yaml_start);
    gl_status st = GL_OK;
    if (!yaml_parser_load(&parser, &yd)) {
        if (parser.error == YAML_MEMORY_ERROR) {
            st = gl_fail(err, GL_ENOMEM, 1, "out of memory reading the front matter");
        } else {
            unsigned long line = (unsigned long)parser.problem_mark.line + 2;
            gl_warnf(opt, in->name, line, "front matter is not valid YAML (%s); it was left out",
                     parser.problem ? parser.problem : "syntax error");
            *body = pos;
            *lines = count;
        }
        yaml_parser_delete(&parser);
        return st;
    }
    yaml_node_t *root = yaml_document_get_root_node(&yd);
    if (!root || root->type == YAML_MAPPING_NODE) {
        *body = pos;
        *lines = count;
        if (root)
            st = read_mapping(doc, &yd, root, in, opt);
        if (st != GL_OK)
            st = gl_fail(err, st, 1, "out of memory reading the front matter");
    }
    yaml_document_delete(&yd);
    yaml_parser_delete(&parser);
    return st;
}
