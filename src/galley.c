/* Library-wide entry points: one-time set-up, gl_read and gl_write. */
#include <cmark-gfm-core-extensions.h>
#include <linebreak.h>
#include "galley/galley.h"
#include "options.h"
#include "registry.h"
#include "util/error.h"
#include "modules/modules.h"
#include "util/langid.h"
#include "util/utf8.h"
#include "writers/writers.h"

const char *gl_version(void) { return GL_VERSION_STRING; }

/* cmark-gfm's extension registration and libunibreak's init_linebreak
 * (which builds its property index) are not thread-safe; this is the only
 * place they run. The flag is an unlocked static on purpose: gl_global_init
 * is documented to run before threads start. libxml2's xmlInitParser runs
 * when the HTML module is first used, under pthread_once (src/modules/). */
void gl_global_init(void) {
    static int done;
    if (done)
        return;
    cmark_gfm_core_extensions_ensure_registered();
    init_linebreak();
    done = 1;
}

gl_status gl_read(gl_doc **out, const gl_input *in, const gl_reader_entry *reader,
                  const gl_options *opt, gl_error *err) {
    *out = NULL;
    if (gl_options_check(opt, err) != GL_OK)
        return GL_EINVAL;
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    if (in->len > opt->max_input)
        return gl_fail(err, GL_ELIMIT, 0, "input is %zu bytes, over the limit of %zu (max_input)",
                       in->len, opt->max_input);
    if (in->len == 0)
        return gl_fail(err, GL_EPARSE, 0, "the file is empty: nothing to convert");
    if (gl_looks_binary(in->data, in->len))
        return gl_fail(err, GL_EFORMAT, 0,
                       "this looks like a binary file, not HTML or Markdown text");
    if (!reader)
        reader = gl_reader_by_path(in->path ? in->path : in->name);
    if (!reader)
        reader = gl_reader_sniff(in->data, in->len);
    gl_read_fn read;
    gl_status st = gl_reader_function(reader, &read, err);
    if (st != GL_OK)
        return st;
    gl_global_init();
    gl_doc *doc = NULL;
    st = read(&doc, in, opt, err);
    if (st != GL_OK) {
        gl_doc_free(doc);
        return st;
    }
    const char *base = opt->base_url ? opt->base_url : gl_doc_meta(doc, GL_META_URL);
    st = gl_doc_resolve_urls(doc, base, err);
    if (st == GL_OK && !opt->lang_on_demand)
        st = gl_doc_guess_lang(doc, opt, err);
    if (st != GL_OK) {
        gl_doc_free(doc);
        return st;
    }
    *out = doc;
    return GL_OK;
}

gl_status gl_doc_guess_lang(gl_doc *doc, const gl_options *opt, gl_error *err) {
    if (gl_options_check(opt, err) != GL_OK)
        return GL_EINVAL;
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    /* The guesser's module (and libexttextcat) only for a document that
     * declares no language. */
    if (gl_doc_meta(doc, GL_META_LANG))
        return GL_OK;
    const gl_langid_module *langid = NULL;
    gl_status st = gl_module_get_langid(&langid, err);
    return st == GL_OK ? langid->detect(doc, opt, err) : st;
}

bool gl_writer_uses_lang(const gl_writer_entry *writer, const gl_doc *doc, const gl_options *opt) {
    if (opt && opt->version != GL_OPTIONS_VERSION)
        return true; /* unreadable options: assume it does */
    gl_options defaults;
    opt = gl_options_or_defaults(opt, &defaults);
    return writer->write == gl_write_text ? gl_text_uses_lang(doc, opt) : true;
}

gl_status gl_write(const gl_writer_entry *writer, const gl_doc *doc, const gl_sink *sink,
                   const gl_options *opt, gl_error *err) {
    if (gl_options_check(opt, err) != GL_OK)
        return GL_EINVAL;
    gl_write_doc_fn write;
    gl_status st = gl_writer_function(writer, &write, err);
    return st == GL_OK ? write(doc, sink, opt, err) : st;
}
