/* Entry points of the writers in the registry. */
#ifndef GL_WRITERS_WRITERS_H
#define GL_WRITERS_WRITERS_H

#include <stdint.h>
#include "galley/galley.h"

/* The text writers' output (text, Markdown) may grow this much past the
 * input limit: prefixes of deep containers repeated on every line, escapes,
 * references. */
#define GL_OUTPUT_FACTOR 16

/* The cap of such a writer's output buffer for `opt`: GL_OUTPUT_FACTOR
 * times the input limit, 0 (none) when that would overflow. */
static inline size_t gl_writer_output_cap(const gl_options *opt) {
    return opt->max_input > SIZE_MAX / 2 / GL_OUTPUT_FACTOR ? 0 : opt->max_input * GL_OUTPUT_FACTOR;
}

gl_status gl_write_text(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err);
/* Whether the text writer reads the document's language with `opt`: only
 * for a header date written for people (gl_date_display_uses_lang); line
 * breaks take the declared language alone. */
bool gl_text_uses_lang(const gl_doc *doc, const gl_options *opt);
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
