/* Language identification on pages whose language is declared
 * (docs/typography.md): for each FILE (an HTML or Markdown page), prints
 *   declared<TAB>guess<TAB>gap<TAB>letters<TAB>FILE
 * where declared is the page's own lang (the line is left out when it has
 * none), guess what util/langid.c finds in its prose with no threshold,
 * gap how far the best model is ahead of the best of another language. The
 * models' cache goes to a temporary folder. bench/langid_eval.py reads
 * these lines. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "galley/galley.h"
#include "util/langid.h"

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *buf = malloc(cap);
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    char dir[] = "/tmp/galley-langid-XXXXXX", cache[64];
    if (!mkdtemp(dir))
        return 1;
    snprintf(cache, sizeof cache, "%s/fonts", dir);
    gl_global_init();
    gl_options opt;
    gl_options_init(&opt);
    opt.font_cache = cache;
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        char *data = slurp(argv[i], &len);
        if (!data)
            continue;
        gl_input in = {argv[i], argv[i], data, len, NULL};
        gl_doc *doc = NULL;
        gl_error err;
        gl_error_init(&err, argv[i]);
        const char *lang = NULL;
        if (gl_read(&doc, &in, NULL, &opt, &err) == GL_OK &&
            (lang = gl_doc_meta(doc, GL_META_LANG)) &&
            strcmp(gl_doc_meta_source(doc, GL_META_LANG), "detected") != 0) {
            gl_langid id;
            if (gl_doc_langid(doc, &opt, 0, &id) == GL_OK)
                printf("%s\t%s\t%.4f\t%zu\t%s\n", lang, *id.tag ? id.tag : "-",
                       id.tag[0] ? id.gap : 0.0, id.letters, argv[i]);
        }
        gl_doc_free(doc);
        free(data);
    }
    snprintf(cache, sizeof cache, "%s/langid.bin", dir);
    unlink(cache);
    rmdir(dir);
    return 0;
}
