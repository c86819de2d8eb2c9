/* The reader and writer tables: a format is one file plus one row here. A
 * row whose format lives in a module names the module, whose table lists the
 * function under the row's name (modules/modules.h). */
#include "registry.h"

#include <string.h>
#include <strings.h>
#include "galley/galley.h"
#include "modules/modules.h"
#include "readers/readers.h"
#include "util/error.h"
#include "writers/writers.h"

static const gl_reader_entry readers[] = {
    {"markdown", ".md .markdown .mdown .mkd", "text/markdown", gl_read_markdown, NULL},
    {"html", ".html .htm .xhtml", "text/html", NULL, "html"},
};

static const gl_writer_entry writers[] = {
    {"text", ".txt", "text/plain", false, gl_write_text, NULL},
    {"xhtml", ".xhtml", "application/xhtml+xml", false, gl_write_xhtml, NULL},
    {"json", ".json", "application/json", false, gl_write_json, NULL},
    {"pdf", ".pdf", "application/pdf", true, NULL, "pdf"},
    {"epub", ".epub", "application/epub+zip", true, NULL, "epub"},
    {"markdown", ".md", "text/markdown", false, gl_write_markdown, NULL},
    {"html", ".html", "text/html", false, gl_write_html, NULL},
};

/* Names people type for the same formats. */
static const struct {
    const char *alias, *name;
} aliases[] = {
    {"md", "markdown"}, {"gfm", "markdown"}, {"commonmark", "markdown"}, {"htm", "html"},
    {"txt", "text"},    {"plain", "text"},   {"html5", "html"},          {"epub3", "epub"},
};

const gl_reader_entry *gl_readers(size_t *count) {
    *count = sizeof readers / sizeof readers[0];
    return readers;
}

const gl_writer_entry *gl_writers(size_t *count) {
    *count = sizeof writers / sizeof writers[0];
    return writers;
}

static const char *canonical(const char *name) {
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(name, aliases[i].alias) == 0)
            return aliases[i].name;
    return name;
}

const gl_reader_entry *gl_reader_by_name(const char *name) {
    name = canonical(name);
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (strcasecmp(name, readers[i].name) == 0)
            return &readers[i];
    return NULL;
}

const gl_writer_entry *gl_writer_by_name(const char *name) {
    name = canonical(name);
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (strcasecmp(name, writers[i].name) == 0)
            return &writers[i];
    return NULL;
}

const char *gl_path_extension(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot : NULL;
}

/* Whether `ext` is one of the space-separated extensions in `list`. */
static bool in_list(const char *list, const char *ext) {
    size_t n = strlen(ext);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncasecmp(p, ext, n) == 0)
            return true;
        p += len;
        while (*p == ' ')
            p++;
    }
    return false;
}

const gl_reader_entry *gl_reader_by_path(const char *path) {
    const char *ext = path ? gl_path_extension(path) : NULL;
    if (!ext)
        return NULL;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (in_list(readers[i].extensions, ext))
            return &readers[i];
    return NULL;
}

const gl_writer_entry *gl_writer_by_path(const char *path) {
    const char *ext = path ? gl_path_extension(path) : NULL;
    if (!ext)
        return NULL;
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (strcasecmp(writers[i].extension, ext) == 0)
            return &writers[i];
    /* Other spellings of a writer's extension. */
    static const struct {
        const char *ext, *name;
    } other[] = {{".text", "text"}, {".markdown", "markdown"}, {".htm", "html"}};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (strcasecmp(ext, other[i].ext) == 0)
            return gl_writer_by_name(other[i].name);
    return NULL;
}

/* HTML starts (after a BOM, blanks and comments) with a doctype or a tag
 * that only HTML has; anything else that is text is taken as Markdown. */
const gl_reader_entry *gl_reader_sniff(const char *data, size_t len) {
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body",
                                         "<!--",           "<?xml", "<meta", "<title"};
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        size_t n = strlen(starts[k]);
        if (len - i >= n && strncasecmp(data + i, starts[k], n) == 0)
            return gl_reader_by_name("html");
    }
    return gl_reader_by_name("markdown");
}

/* The entry of the `kind` ("reader", "writer") of the row `name` that
 * `module` holds, the module loaded on first use; `writer` says which of the
 * entry's functions the row needs. GL_EINVAL for a row that names no module
 * galley has, GL_EIO when the module cannot be loaded or lacks the format. */
static gl_status module_format(const char *kind, const char *name, const char *module, bool writer,
                               const gl_module_format **out, gl_error *err) {
    static const char *const names[GL_MODULE_COUNT] = {
#define GL_MODULE_NAME(ID, module_name, what) [GL_MODULE_##ID] = #module_name,
        GL_MODULE_LIST(GL_MODULE_NAME)
#undef GL_MODULE_NAME
    };
    *out = NULL;
    size_t id = 0;
    while (module && id < GL_MODULE_COUNT && strcmp(names[id], module) != 0)
        id++;
    if (!module || id == GL_MODULE_COUNT)
        return gl_fail(err, GL_EINVAL, 0, "the %s %s has no function and galley no module %s", kind,
                       name, module ? module : "for it");
    const gl_module_head *m;
    gl_status st = gl_module_get((gl_module_id)id, &m, err);
    for (const gl_module_format *f = st == GL_OK ? m->formats : NULL; f && f->name; f++)
        if (strcmp(f->name, name) == 0 && (writer ? f->write != NULL : f->read != NULL))
            return (*out = f), GL_OK;
    return st != GL_OK ? st
                       : gl_fail(err, GL_EIO, 0, "galley-%s.so holds no %s %s", module, kind, name);
}

gl_status gl_reader_function(const gl_reader_entry *r, gl_read_fn *out, gl_error *err) {
    const gl_module_format *f = NULL;
    gl_status st = r->read ? GL_OK : module_format("reader", r->name, r->module, false, &f, err);
    *out = r->read ? r->read : f ? f->read : NULL;
    return st;
}

gl_status gl_writer_function(const gl_writer_entry *w, gl_write_doc_fn *out, gl_error *err) {
    const gl_module_format *f = NULL;
    gl_status st = w->write ? GL_OK : module_format("writer", w->name, w->module, true, &f, err);
    *out = w->write ? w->write : f ? f->write : NULL;
    return st;
}
