/* The reader and writer tables: a format is one file plus one row here. */
#include <string.h>
#include <strings.h>
#include "galley/galley.h"
#include "modules/modules.h"
#include "readers/readers.h"
#include "writers/writers.h"

static const gl_reader_entry readers[] = {
    {"markdown", ".md .markdown .mdown .mkd", "text/markdown", gl_read_markdown},
    {"html", ".html .htm .xhtml", "text/html", gl_mod_read_html},
};

static const gl_writer_entry writers[] = {
    {"text", ".txt", "text/plain", false, gl_write_text},
    {"xhtml", ".xhtml", "application/xhtml+xml", false, gl_write_xhtml},
    {"json", ".json", "application/json", false, gl_write_json},
    {"pdf", ".pdf", "application/pdf", true, gl_mod_write_pdf},
    {"epub", ".epub", "application/epub+zip", true, gl_mod_write_epub},
    {"markdown", ".md", "text/markdown", false, gl_write_markdown},
    {"html", ".html", "text/html", false, gl_write_html},
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
