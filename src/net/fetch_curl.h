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

/* The proxy libcurl would take for a request to `host` over `scheme`
 * (http_proxy; https_proxy or HTTPS_PROXY; all_proxy or ALL_PROXY; none
 * when no_proxy or NO_PROXY lists the host), or NULL. galley hands this
 * decision to libcurl (CURLOPT_PROXY) so that the two never differ
 * (fetch_proxy.c). */
const char *gl_fetch_proxy(const char *scheme, const char *host);

typedef enum gl_host_check {
    GL_HOST_PUBLIC = 0, /* every address it resolves to is public */
    GL_HOST_PRIVATE,    /* one is not: *kind says which kind, `ip` which */
    GL_HOST_UNRESOLVED  /* galley cannot resolve it (a proxy might) */
} gl_host_check;

/* Resolves `host` (as a URL writes it; "[::1]" for IPv6) and `port`
 * galley's way, the --resolve entries first, and classes its addresses
 * (net/address.h): for a request a proxy makes, whose address libcurl
 * never sees. */
gl_host_check gl_fetch_check_host(const char *host, const char *port, const gl_options *opt,
                                  char *ip, size_t ip_size, const char **kind);

/* The first address `host` resolves to, in text (the --resolve entries
 * first): what a page fetched through a proxy came from, for the
 * private-network rule. False when it does not resolve. */
bool gl_fetch_first_address(const char *host, const char *port, const gl_options *opt, char *ip,
                            size_t ip_size);

/* The images of gl_images_fetch (fetch_module.h). */
gl_status gl_fetch_images_curl(gl_fetch_item *items, size_t n, const char *page_url,
                               bool page_private, const gl_options *opt, gl_error *err);

#endif
