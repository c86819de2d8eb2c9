/* A program embedding libgalley.so, as other programs would: it converts
 * HTML to PDF and to text, and Markdown to PDF and EPUB, through the public
 * API, so that the shared library loads its modules from beside itself. Built
 * twice (tests/cmake/modules.cmake): linked with libgalley.so, and with
 * -DGL_EMBED_DLOPEN, opening it with dlopen(RTLD_LOCAL) the way a language
 * binding (Python's ctypes) does, where the modules, which link
 * libgalley.so, still bind to the copy the program opened.
 *
 * Usage: embed_consumer [LIBGALLEY.so] FILE.html FILE.md, with the PDF
 * writer's font cache at $EMBED_FONT_CACHE when set. Prints one line a
 * conversion; exits 1 on any failure. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <galley/galley.h>

#ifdef GL_EMBED_DLOPEN
#include <dlfcn.h>
/* The API's entry points, looked up by name. */
#define API(X)                                                                                     \
    X(void, gl_error_init, (gl_error * err, const char *name))                                     \
    X(void, gl_options_init, (gl_options * opt))                                                   \
    X(const gl_reader_entry *, gl_reader_by_name, (const char *name))                              \
    X(const gl_writer_entry *, gl_writer_by_name, (const char *name))                              \
    X(gl_status, gl_read,                                                                          \
      (gl_doc * *out, const gl_input *in, const gl_reader_entry *reader, const gl_options *opt,    \
       gl_error *err))                                                                             \
    X(gl_status, gl_write,                                                                         \
      (const gl_writer_entry *writer, const gl_doc *doc, const gl_sink *sink,                      \
       const gl_options *opt, gl_error *err))                                                      \
    X(void, gl_doc_free, (gl_doc * doc))
#define POINTER(ret, name, args) static ret(*p_##name) args;
API(POINTER)
#define gl_error_init p_gl_error_init
#define gl_options_init p_gl_options_init
#define gl_reader_by_name p_gl_reader_by_name
#define gl_writer_by_name p_gl_writer_by_name
#define gl_read p_gl_read
#define gl_write p_gl_write
#define gl_doc_free p_gl_doc_free

static int open_library(const char *path) {
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "embed_consumer: %s\n", dlerror());
        return 0;
    }
#define LOOK_UP(ret, name, args)                                                                   \
    if (!(*(void **)&p_##name = dlsym(lib, #name))) {                                              \
        fprintf(stderr, "embed_consumer: no %s in %s\n", #name, path);                             \
        return 0;                                                                                  \
    }
    API(LOOK_UP)
    return 1;
}
#endif

typedef struct memory {
    char *data;
    size_t len;
} memory;

static gl_status to_memory(void *userdata, const char *bytes, size_t len) {
    memory *m = userdata;
    char *grown = realloc(m->data, m->len + len);
    if (!grown)
        return GL_ENOMEM;
    memcpy(grown + m->len, bytes, len);
    m->data = grown;
    m->len += len;
    return GL_OK;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        data = n > 0 ? malloc((size_t)n) : NULL;
        if (data && (fseek(f, 0, SEEK_SET) != 0 || fread(data, 1, (size_t)n, f) != (size_t)n)) {
            free(data);
            data = NULL;
        }
        *len = n > 0 ? (size_t)n : 0;
    }
    if (f)
        fclose(f);
    return data;
}

/* Converts `path` from `from` to `to`; the output must start with `magic`. */
static int convert(const char *path, const char *from, const char *to, const char *magic) {
    size_t len = 0;
    char *data = slurp(path, &len);
    if (!data) {
        fprintf(stderr, "embed_consumer: cannot read %s\n", path);
        return 0;
    }
    gl_options opt;
    gl_options_init(&opt);
    opt.source_path = path;
    opt.font_cache = getenv("EMBED_FONT_CACHE"); /* NULL: fontconfig every time */
    gl_error err;
    gl_error_init(&err, path);
    gl_input in = {path, path, data, len};
    gl_doc *doc = NULL;
    memory out = {NULL, 0};
    gl_sink sink = {to_memory, &out};
    const gl_writer_entry *w = gl_writer_by_name(to);
    gl_status st = gl_read(&doc, &in, gl_reader_by_name(from), &opt, &err);
    if (st == GL_OK)
        st = gl_write(w, doc, &sink, &opt, &err);
    int ok = st == GL_OK && out.len > strlen(magic) && memcmp(out.data, magic, strlen(magic)) == 0;
    if (ok)
        printf("%s -> %s: %zu bytes\n", from, to, out.len);
    else
        fprintf(stderr, "embed_consumer: %s -> %s: %s\n", from, to,
                st == GL_OK ? "unexpected output" : err.message);
    gl_doc_free(doc);
    free(out.data);
    free(data);
    return ok;
}

int main(int argc, char **argv) {
#ifdef GL_EMBED_DLOPEN
    if (argc != 4 || !open_library(argv[1]))
        return 1;
    argv++;
#else
    if (argc != 3)
        return 1;
#endif
    int ok = convert(argv[1], "html", "pdf", "%PDF-");
    ok = convert(argv[1], "html", "text", "") && ok;
    ok = convert(argv[2], "markdown", "pdf", "%PDF-") && ok;
    ok = convert(argv[2], "markdown", "epub", "PK") && ok;
    return ok ? 0 : 1;
}
