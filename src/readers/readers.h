/* Entry points of the readers in the registry, and what readers share. */
#ifndef GL_READERS_READERS_H
#define GL_READERS_READERS_H

#include "galley/galley.h"
#include "modules/modules.h"

gl_status gl_read_markdown(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err);
gl_status gl_read_html(gl_doc **out, const gl_input *in, const gl_options *opt, gl_error *err);

/* Maps an HTML fragment (raw HTML met inside Markdown) into the tree under
 * `parent`, through the HTML reader's mapping and sanitising: no script,
 * style, iframe, form or event handler survives. Block elements go under a
 * block container `parent`; when `parent` holds inlines only the inline content
 * is kept. What cannot be mapped is dropped with a warning naming `in->name`
 * and `line`. Returns GL_OK, GL_ENOMEM or GL_ELIMIT. */
gl_status gl_html_map_fragment(gl_doc *doc, gl_node *parent, const char *html, size_t len,
                               const gl_input *in, unsigned long line, const gl_options *opt,
                               gl_error *err);

/* The HTML module's table (html_module.c): the reader, and the fragment
 * mapping the Markdown reader calls for raw HTML. */
typedef struct gl_html_module {
    gl_module_head head;
    gl_status (*map_fragment)(gl_doc *doc, gl_node *parent, const char *html, size_t len,
                              const gl_input *in, unsigned long line, const gl_options *opt,
                              gl_error *err);
} gl_html_module;

#endif
