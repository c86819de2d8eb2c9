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
#include "galley/doc.h"

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
    char *address;    /* the server's IP address the body came from ("127.0.0.1") */
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

/* Fetches the http and https images of `doc` (IMAGE and FIGURE nodes whose
 * url is absolute), each once, for the PDF and EPUB writers to embed
 * (opt->images). The rules of gl_fetch hold for each (http and https only,
 * after every redirect too; at most 10 redirects; the timeouts), and:
 * - at most opt->max_image_bytes for one image and opt->max_images_bytes
 *   for all of them, counted as they arrive;
 * - at most 2 requests at a time to one host;
 * - no connection to a loopback, private (RFC 1918, fc00::/7), link-local
 *   or unspecified address, checked on every address a host name resolves
 *   to before connecting, after every redirect, unless
 *   opt->allow_private_network, or the image is on the page's own origin
 *   (scheme, host and port of page->url) and the page came from such an
 *   address (page->address). `page` is NULL for a local file.
 * An image that cannot be had is no error: a warning through opt->warn
 * names its URL and why, and the writers show its alt text without another
 * word. *out (free with gl_images_free) holds the rest; the bytes are kept
 * as they came, checked by the writers. GL_OK; GL_ENOMEM; GL_EINVAL (bad
 * options); GL_EIO when the fetch module cannot be loaded. A document
 * without remote images gives an empty set and loads no module. */
GL_EXPORT gl_status gl_images_fetch(gl_images **out, const gl_doc *doc, const gl_fetched *page,
                                    const gl_options *opt, gl_error *err);

/* Frees a set from gl_images_fetch; NULL is a no-op. */
GL_EXPORT void gl_images_free(gl_images *images);

/* Moves the images of `*from` into `into` and frees *from (set to NULL),
 * for a book whose chapters' images are fetched one chapter at a time,
 * each under its own page's rules, and written together (gl_book_finish
 * with opt->images = into): an image both hold keeps `into`'s answer.
 * `*from` NULL is a no-op. GL_OK, or GL_ENOMEM (`*from` is freed all the
 * same, `into` keeps what it had). */
GL_EXPORT gl_status gl_images_merge(gl_images *into, gl_images **from, gl_error *err);

#ifdef __cplusplus
}
#endif

#endif
