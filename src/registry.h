/* What the registry (registry.c) gives the library's entry points. */
#ifndef GL_REGISTRY_H
#define GL_REGISTRY_H

#include "galley/galley.h"

/* The function behind a registry row: its own, or the one its module's
 * table lists under the row's name, the module loaded on first use. GL_OK;
 * GL_EIO when the module cannot be loaded or lacks the function; GL_EINVAL
 * for a row with neither a function nor a module galley has. */
gl_status gl_reader_function(const gl_reader_entry *r, gl_read_fn *out, gl_error *err);
gl_status gl_writer_function(const gl_writer_entry *w, gl_write_doc_fn *out, gl_error *err);

#endif
