/* The whole pipeline into one writer: the bytes are read as the CLI reads a
 * file of unknown type (sniffed: HTML or Markdown), then FUZZ_WRITER ("text",
 * "xhtml", "json", "markdown", "html", "pdf" or "epub") renders the tree. A writer may refuse a
 * tree only with a clean error. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    gl_options opt;
    fuzz_options(&opt);
    /* The input's length picks among the text writer's variants, so one
     * corpus reaches them all without spending input bytes on options. */
    opt.width = size % 3 == 0 ? 0 : size % 3 == 1 ? 72 : 20;
    opt.links = (gl_links_style)(size % 3);
    opt.ascii = size % 5 == 0;
    opt.ragged = size % 2 == 0;
    gl_input in = {"fuzz", NULL, (const char *)data, size};
    gl_error err;
    gl_error_init(&err, "fuzz");
    gl_doc *doc = NULL;
    gl_status st = gl_read(&doc, &in, NULL, &opt, &err);
    fuzz_check_error(st, &err);
    if (st == GL_OK) {
        const gl_writer_entry *w = gl_writer_by_name(FUZZ_WRITER);
        size_t total = 0;
        gl_sink sink = {fuzz_sink_write, &total};
        gl_error werr;
        gl_error_init(&werr, "fuzz");
        st = gl_write(w, doc, &sink, &opt, &werr);
        fuzz_check_error(st, &werr);
        /* only resources may run out on a valid tree: never a format error */
        if (st != GL_OK && st != GL_ENOMEM && st != GL_ELIMIT && st != GL_EFONT && st != GL_EIO)
            __builtin_trap();
    }
    gl_doc_free(doc);
    return 0;
}
