/* Entry points of the writers in the registry. */
#ifndef GL_WRITERS_WRITERS_H
#define GL_WRITERS_WRITERS_H

#include "galley/galley.h"

gl_status gl_write_text(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err);
gl_status gl_write_xhtml(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                         gl_error *err);
gl_status gl_write_markdown(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                            gl_error *err);
gl_status gl_write_html(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err);
gl_status gl_write_json(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err);
gl_status gl_write_epub(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err);
gl_status gl_write_pdf(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                       gl_error *err);

#endif
