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
};

/* Names people type for the same formats. */
static const struct {
    const char *alias, *name;
} aliases[] = {
    {"md", "markdown"}, {"gfm", "markdown"}, {"commonmark", "markdown"}, {"htm", "html"},
    {"txt", "text"},    {"plain", "text"},   {"html5", "xhtml"},         {"epub3", "epub"},
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

/* The extension of the last path component, dot included, or NULL. */
static const char *extension(const char *path) {
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
    const char *ext = path ? extension(path) : NULL;
    if (!ext)
        return NULL;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (in_list(readers[i].extensions, ext))
            return &readers[i];
    return NULL;
}

const gl_writer_entry *gl_writer_by_path(const char *path) {
    const char *ext = path ? extension(path) : NULL;
    if (!ext)
        return NULL;
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (strcasecmp(writers[i].extension, ext) == 0)
            return &writers[i];
    if (strcasecmp(ext, ".text") == 0 || strcasecmp(ext, ".html") == 0 ||
        strcasecmp(ext, ".htm") == 0)
        return gl_writer_by_name(ext[1] == 't' || ext[1] == 'T' ? "text" : "xhtml");
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

/* The table of `module`, which a row of `format` names. */
static gl_status module_table(const char *module, const char *format, const gl_module_head **out,
                              gl_error *err) {
    static const char *const names[GL_MODULE_COUNT] = {
#define GL_MODULE_NAME(ID, name, what) [GL_MODULE_##ID] = #name,
        GL_MODULE_LIST(GL_MODULE_NAME)
#undef GL_MODULE_NAME
    };
    for (size_t i = 0; i < GL_MODULE_COUNT; i++)
        if (strcmp(names[i], module) == 0)
            return gl_module_get((gl_module_id)i, out, err);
    return gl_fail(err, GL_EINVAL, 0, "%s: galley has no module %s", format, module);
}

gl_status gl_reader_function(const gl_reader_entry *r, gl_read_fn *out, gl_error *err) {
    *out = r->read;
    if (*out || !r->module)
        return *out ? GL_OK : gl_fail(err, GL_EINVAL, 0, "the reader %s has no function", r->name);
    const gl_module_head *m;
    gl_status st = module_table(r->module, r->name, &m, err);
    if (st != GL_OK)
        return st;
    for (const gl_module_reader *e = m->readers; e && e->name; e++)
        if (strcmp(e->name, r->name) == 0)
            return (*out = e->read), GL_OK;
    return gl_fail(err, GL_EIO, 0, "galley-%s.so holds no reader %s", r->module, r->name);
}

gl_status gl_writer_function(const gl_writer_entry *w, gl_write_doc_fn *out, gl_error *err) {
    *out = w->write;
    if (*out || !w->module)
        return *out ? GL_OK : gl_fail(err, GL_EINVAL, 0, "the writer %s has no function", w->name);
    const gl_module_head *m;
    gl_status st = module_table(w->module, w->name, &m, err);
    if (st != GL_OK)
        return st;
    for (const gl_module_writer *e = m->writers; e && e->name; e++)
        if (strcmp(e->name, w->name) == 0)
            return (*out = e->write), GL_OK;
    return gl_fail(err, GL_EIO, 0, "galley-%s.so holds no writer %s", w->module, w->name);
}
