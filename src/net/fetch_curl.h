/* What the fetch module's two files share (fetch_curl.c: one page;
 * fetch_images_curl.c: a page's images). Inside the module only. */
#ifndef GL_NET_FETCH_CURL_H
#define GL_NET_FETCH_CURL_H

#include <curl/curl.h>
#include "galley/galley.h"
#include "net/fetch_module.h"

/* The words of an HTTP status galley reports ("not found"). */
const char *gl_fetch_status_words(long code);

/* Sets what every transfer of galley's has: http and https only, also
 * after redirects; the connect timeout; every compression libcurl
 * decodes; no signals (threads of a batch); galley's user agent; the
 * --resolve entries, as *list (free with curl_slist_free_all after the
 * transfer). False when out of memory. */
bool gl_fetch_common_options(CURL *h, const gl_options *opt, struct curl_slist **list,
                             char agent[64]);

/* The images of gl_images_fetch (fetch_module.h). */
gl_status gl_fetch_images_curl(gl_fetch_item *items, size_t n, const char *page_url,
                               bool page_private, const gl_options *opt, gl_error *err);

#endif
