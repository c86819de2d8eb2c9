/* A reader alone: FUZZ_READER ("markdown" or "html") builds a tree from the
 * bytes (with extraction and metadata, through gl_read as the CLI calls it);
 * the tree must validate and dump. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    gl_options opt;
    fuzz_options(&opt);
    opt.base_url = size % 2 ? "https://example.com/a/b.html" : NULL;
    gl_input in = {"fuzz", NULL, (const char *)data, size};
    gl_error err;
    gl_error_init(&err, "fuzz");
    gl_doc *doc = NULL;
    gl_status st = gl_read(&doc, &in, gl_reader_by_name(FUZZ_READER), &opt, &err);
    fuzz_check_error(st, &err);
    if (st == GL_OK) {
        fuzz_check_doc(doc);
        size_t total = 0;
        gl_sink sink = {fuzz_sink_write, &total};
        if (gl_doc_dump(doc, &sink, &err) != GL_OK)
            __builtin_trap();
    }
    gl_doc_free(doc);
    return 0;
}
