/* galley: the reader and writer registries, and the calls that use them. */
#ifndef GALLEY_CONVERT_H
#define GALLEY_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/export.h"
#include "galley/error.h"
#include "galley/options.h"
#include "galley/io.h"
#include "galley/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Builds a new document from `in`. On success *out owns the tree (free it
 * with gl_doc_free); on failure *out is NULL and `err` says why. */
typedef gl_status (*gl_read_fn)(gl_doc **out, const gl_input *in, const gl_options *opt,
                                gl_error *err);
/* Renders `doc` into `sink`. Writers never change the document. */
typedef gl_status (*gl_write_doc_fn)(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                                     gl_error *err);

/* A registry row. A format is held either by libgalley.so itself (`read` or
 * `write` set, `module` NULL) or by a module that libgalley loads on first use
 * (`module` names it, the function is NULL): call gl_read and gl_write, which
 * work for every row. */
typedef struct gl_reader_entry {
    const char *name;       /* "markdown" */
    const char *extensions; /* space-separated, with dots: ".md .markdown" */
    const char *mime;       /* "text/markdown" */
    gl_read_fn read;        /* NULL when `module` holds the reader */
    const char *module;     /* "html": the module galley-html.so holds it; NULL: libgalley */
} gl_reader_entry;

typedef struct gl_writer_entry {
    const char *name;      /* "pdf" */
    const char *extension; /* the output file's extension: ".pdf" */
    const char *mime;
    bool binary;           /* not for a terminal */
    gl_write_doc_fn write; /* NULL when `module` holds the writer */
    const char *module;    /* "pdf": the module galley-pdf.so holds it; NULL: libgalley */
} gl_writer_entry;

/* Runs the one-time set-up of the libraries galley uses (cmark-gfm's
 * extension registry, libunibreak's tables; libxml2's parser is set up,
 * thread-safely, when HTML is first read). Call once before starting threads;
 * the other calls make it too, but only this one is safe to race. */
GL_EXPORT void gl_global_init(void);

/* The registries, in a fixed order; `*count` gets the number of entries. */
GL_EXPORT const gl_reader_entry *gl_readers(size_t *count);
GL_EXPORT const gl_writer_entry *gl_writers(size_t *count);
/* Look-ups by name ("md" and "htm" are accepted as aliases), by a path's
 * extension (case-insensitive), and by content. NULL when nothing matches. */
GL_EXPORT const gl_reader_entry *gl_reader_by_name(const char *name);
GL_EXPORT const gl_reader_entry *gl_reader_by_path(const char *path);
GL_EXPORT const gl_reader_entry *gl_reader_sniff(const char *data, size_t len);
GL_EXPORT const gl_writer_entry *gl_writer_by_name(const char *name);
GL_EXPORT const gl_writer_entry *gl_writer_by_path(const char *path);
/* The extension the look-ups by path go by: that of the last path
 * component, dot included ("a/b.tar.gz" -> ".gz"), pointing into `path`;
 * NULL when it has none. A leading dot is no extension (".profile"). */
GL_EXPORT const char *gl_path_extension(const char *path);

/* Reads `in` with `reader`, or picks one (by in->path's extension, then by
 * sniffing) when `reader` is NULL; then resolves relative URLs against
 * opt->base_url, else the document's URL, and guesses the language of a
 * document that declares none (unless opt->lang_on_demand). `opt` may be NULL (the defaults).
 * On failure *out is NULL: GL_EINVAL for options of another
 * GL_OPTIONS_VERSION, GL_EIO when the reader's module cannot be loaded, else
 * the reader's status. */
GL_EXPORT gl_status gl_read(gl_doc **out, const gl_input *in, const gl_reader_entry *reader,
                            const gl_options *opt, gl_error *err);

/* Guesses the language of a document that declares none, as gl_read does
 * unless opt->lang_on_demand: its prose against libexttextcat's models
 * (loading the guesser's module); an answer becomes GL_META_LANG with the
 * source "detected", and with opt->explain `warn` is told what was found.
 * GL_OK with no answer too; GL_EIO when the module cannot be loaded,
 * GL_ENOMEM, GL_EINVAL for options of another GL_OPTIONS_VERSION. */
GL_EXPORT gl_status gl_doc_guess_lang(gl_doc *doc, const gl_options *opt, gl_error *err);

/* Whether writing `doc` with `writer` and `opt` would read its language, so
 * that a guess (gl_doc_guess_lang) could change the output: true for every
 * format that records or typesets by it (pdf, epub, xhtml, html, json,
 * markdown); for text only when its header shows a date written for
 * people from an ISO date, not with opt->body_only. `opt` may be NULL. */
GL_EXPORT bool gl_writer_uses_lang(const gl_writer_entry *writer, const gl_doc *doc,
                                   const gl_options *opt);

/* Renders `doc` into `sink` with `writer`, a row of gl_writers(). `opt` may be
 * NULL (the defaults). GL_EINVAL for options of another GL_OPTIONS_VERSION,
 * GL_EIO when the writer's module cannot be loaded, else the writer's
 * status. */
GL_EXPORT gl_status gl_write(const gl_writer_entry *writer, const gl_doc *doc, const gl_sink *sink,
                             const gl_options *opt, gl_error *err);

#ifdef __cplusplus
}
#endif
#endif
