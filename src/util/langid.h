/* The language of a document that declares none (issue 17): libexttextcat's
 * n-gram fingerprints (LibreOffice's language guesser, Debian's
 * libexttextcat-data), compared only with the models written in the text's
 * script. */
#ifndef GL_UTIL_LANGID_H
#define GL_UTIL_LANGID_H

#include <stddef.h>
#include "galley/doc.h"
#include "galley/error.h"
#include "galley/options.h"
#include "modules/modules.h"

/* Where the models and their list (fpdb.conf) are. */
#define GL_LANGID_DIR "/usr/share/libexttextcat"

/* The least relative gap between the best model's distance and that of
 * the best model of another language for an answer: (other - best) / best.
 * Two variants of the answer's language closer than this give the
 * language alone ("zh" for zh-Hans and zh-Hant). Chosen on the corpus
 * pages that declare their language (docs/typography.md): at 0.02, 99% of
 * the answers given are right. */
#define GL_LANGID_MIN_GAP 0.02
/* Fewer letters than this in the text's script: no answer (a title, a
 * caption). */
#define GL_LANGID_MIN_LETTERS 40
/* The text compared: its first 768 bytes of prose are plenty (TextCat's authors
 * found a few hundred bytes enough) and keep the cost flat. */
#define GL_LANGID_SAMPLE 768

typedef struct gl_langid {
    char tag[24];    /* BCP 47 ("en", "zh-Hans"), "" when there is no answer */
    const char *why; /* with no answer: "too short", "mixed scripts", "too close to call",
                        "no model for its script", "no models installed" */
    double gap;      /* (second - best) / best; HUGE_VAL when one model alone fits the script */
    size_t letters;  /* letters of the text's script in the sample */
    size_t models;   /* models compared */
} gl_langid;

/* Guesses the language of text[0, len) (valid UTF-8) with the models in
 * `dir` (GL_LANGID_DIR). With `cache` (a file path, or NULL), the parsed
 * models are kept there, checked against fpdb.conf and the folder, and
 * read back by later calls and processes in a fraction of a millisecond
 * (parsing all 163 takes about 12 ms); the first models' folder asked for
 * is also kept for the rest of the process. An answer only when the text has
 * GL_LANGID_MIN_LETTERS letters of one dominant script and the best model
 * is `min_gap` ahead of every other language's. Returns GL_OK (with `out` filled, an
 * answer or not) or GL_ENOMEM. Thread-safe. */
gl_status gl_langid_guess(const char *text, size_t len, const char *dir, const char *cache,
                          double min_gap, const gl_allocator *alloc, gl_langid *out);

/* gl_langid_guess over the document's prose (its title, then the text of
 * its blocks, code left out), with the models in GL_LANGID_DIR and
 * opt->font_cache's folder as the cache. `opt` may be NULL. */
gl_status gl_doc_langid(const gl_doc *doc, const gl_options *opt, double min_gap, gl_langid *out);

/* For a document without GL_META_LANG: its prose (not code) guessed with
 * the models in GL_LANGID_DIR and `opt->font_cache`'s folder as the cache;
 * an answer becomes GL_META_LANG with the source "detected". With
 * opt->explain, says through opt->warn what was found, or why nothing.
 * Returns GL_OK or GL_ENOMEM. */
gl_status gl_doc_detect_lang(gl_doc *doc, const gl_options *opt, gl_error *err);

/* The guesser as a module (modules/modules.h), so that only the processes
 * that guess map libexttextcat: gl_read loads it for a document that
 * declares no language (util/langid_module.c). */
typedef struct gl_langid_module {
    gl_module_head head;
    gl_status (*detect)(gl_doc *doc, const gl_options *opt, gl_error *err); /* gl_doc_detect_lang */
} gl_langid_module;

#endif
