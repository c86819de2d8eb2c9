/* galley: web pages as inputs. gl_fetch downloads one http or https URL
 * through libcurl, which lives in a module of its own (galley-fetch.so,
 * loaded on the first URL): a conversion of local files never maps it. */
#ifndef GALLEY_FETCH_H
#define GALLEY_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/export.h"
#include "galley/error.h"
#include "galley/options.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a fetch brought; every string is malloc'd, NULL when absent. */
typedef struct gl_fetched {
    char *data; /* the body, decompressed; not NUL-terminated */
    size_t len;
    char *url;        /* the URL after the redirects: the page's base and its `url` */
    char *media_type; /* Content-Type without its parameters, lower case ("text/html") */
    char *charset;    /* Content-Type's charset parameter as sent ("ISO-8859-1") */
} gl_fetched;

/* Whether `s` names a URL galley fetches: it starts with http:// or
 * https:// (any case). Anything else is a path, even "ftp://x". */
GL_EXPORT bool gl_is_url(const char *s);

/* Fetches `url` into *out: http and https only, also after a redirect;
 * at most 10 redirects; compressed transfers accepted; the body capped at
 * opt->max_input bytes once decompressed; opt->fetch_connect_timeout and
 * opt->fetch_timeout (`opt` NULL: the defaults). Only a 2xx answer is a
 * page. GL_OK; GL_EINVAL (not an http or https URL, or options of another
 * GL_OPTIONS_VERSION); GL_ELIMIT (the body is over max_input); GL_ENOMEM;
 * GL_EIO for the rest, with one line saying what failed ("cannot resolve
 * the host 'x'", "the server answered 404 (not found)", "no answer within
 * 60 s", "more than 10 redirects", libcurl's word for a TLS failure), or
 * the module cannot be loaded. On failure *out holds nothing. */
GL_EXPORT gl_status gl_fetch(gl_fetched *out, const char *url, const gl_options *opt,
                             gl_error *err);

/* Frees what *f holds and zeroes it; a zeroed struct is a no-op. */
GL_EXPORT void gl_fetched_free(gl_fetched *f);

#ifdef __cplusplus
}
#endif

#endif
