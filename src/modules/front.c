/* The front doors of the modules (modules.h): look the table up, then call.
 * gl_module_get fails with GL_EIO only, and has filled `err` by then. */
#include "modules/modules.h"

static const gl_module_head *table(gl_module_id id, gl_error *err) {
    const gl_module_head *m = NULL;
    return gl_module_get(id, &m, err) == GL_OK ? m : NULL;
}

static const gl_html_module *html(gl_error *err) {
    return (const gl_html_module *)table(GL_MODULE_HTML, err);
}

static const gl_pdf_module *pdf(gl_error *err) {
    return (const gl_pdf_module *)table(GL_MODULE_PDF, err);
}

static const gl_epub_module *epub(gl_error *err) {
    return (const gl_epub_module *)table(GL_MODULE_EPUB, err);
}

gl_status gl_mod_read_html(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err) {
    const gl_html_module *m = html(err);
    *out = NULL;
    return m ? m->read(out, in, opt, err) : GL_EIO;
}

gl_status gl_mod_html_map_fragment(gl_doc *doc, gl_node *parent, const char *text, size_t len,
                                   const gl_input *in, unsigned long line, const gl_options *opt,
                                   gl_error *err) {
    const gl_html_module *m = html(err);
    return m ? m->map_fragment(doc, parent, text, len, in, line, opt, err) : GL_EIO;
}

gl_status gl_mod_write_pdf(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                           gl_error *err) {
    const gl_pdf_module *m = pdf(err);
    return m ? m->write(doc, sink, opt, err) : GL_EIO;
}

gl_status gl_mod_write_epub(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                            gl_error *err) {
    const gl_epub_module *m = epub(err);
    return m ? m->write(doc, sink, opt, err) : GL_EIO;
}

gl_status gl_mod_epub_new(gl_epub **out, const gl_options *opt, gl_error *err) {
    const gl_epub_module *m = epub(err);
    *out = NULL;
    return m ? m->book_new(out, opt, err) : GL_EIO;
}

gl_status gl_mod_epub_add(gl_epub *e, const gl_doc *doc, const char *source_path, gl_error *err) {
    const gl_epub_module *m = epub(err);
    return m ? m->book_add(e, doc, source_path, err) : GL_EIO;
}

gl_status gl_mod_epub_finish(gl_epub *e, const char *title, const size_t *order,
                             const gl_sink *sink, gl_error *err) {
    const gl_epub_module *m = epub(err);
    return m ? m->book_finish(e, title, order, sink, err) : GL_EIO;
}

/* An epub exists only if the module made it, so this finds it loaded. */
void gl_mod_epub_free(gl_epub *e) {
    const gl_epub_module *m = e ? epub(NULL) : NULL;
    if (m)
        m->book_free(e);
}
