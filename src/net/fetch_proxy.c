/* Proxies and the private-network rule (issue 18), inside the fetch
 * module. Through a proxy, libcurl connects to the proxy, so the
 * open-socket check of fetch_images_curl.c sees the proxy's address, never
 * the image host's: a hostile page could have a proxy fetch what lies in
 * the proxy's network. So galley decides the proxy itself, from the
 * variables libcurl reads, and hands libcurl that decision (CURLOPT_PROXY,
 * "" for none), and when a request goes through a proxy it resolves the
 * host itself and checks every address before the request is sent. The
 * proxy resolves the name again: a name that answers differently the
 * second time (DNS rebinding) is not caught. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "net/address.h"
#include "net/fetch_curl.h"

/* The first of `names` set and not empty. */
static const char *env_first(const char *const *names) {
    for (; *names; names++) {
        const char *v = getenv(*names);
        if (v && *v)
            return v;
    }
    return NULL;
}

/* Whether `host` is in a no_proxy list: "*", or comma- or space-separated
 * names each matching the host or a domain it is in (a leading dot
 * optional), as libcurl reads it; an IP address matches as written. */
static bool no_proxy_for(const char *host) {
    static const char *const names[] = {"no_proxy", "NO_PROXY", NULL};
    const char *list = env_first(names);
    size_t hl = strlen(host);
    if (hl >= 2 && host[0] == '[') /* an IPv6 literal as the URL writes it */
        host++, hl -= 2;
    for (const char *p = list; p && *p;) {
        p += strspn(p, ", \t");
        size_t n = strcspn(p, ", \t");
        const char *e = p;
        if (n == 1 && *p == '*')
            return true;
        if (n && *e == '.')
            e++, n--;
        if (n && n <= hl && strncasecmp(host + hl - n, e, n) == 0 &&
            (n == hl || host[hl - n - 1] == '.'))
            return true;
        p += strcspn(p, ", \t");
    }
    return false;
}

const char *gl_fetch_proxy(const char *scheme, const char *host) {
    /* libcurl's order: the scheme's own variable (http_proxy only in lower
     * case, since HTTP_PROXY can be set by a CGI request's Proxy header),
     * then all_proxy. */
    static const char *const http[] = {"http_proxy", "all_proxy", "ALL_PROXY", NULL};
    static const char *const https[] = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                                        NULL};
    const char *proxy = env_first(strcasecmp(scheme, "https") == 0 ? https : http);
    return proxy && !no_proxy_for(host) ? proxy : NULL;
}

/* The --resolve entry for host:port ("HOST:PORT:ADDR[,ADDR...]"): its
 * addresses, or NULL. */
static const char *resolve_entry(const gl_options *opt, const char *host, const char *port) {
    size_t hl = strlen(host), pl = strlen(port);
    for (const char *const *r = opt->resolve; r && *r; r++) {
        const char *e = **r == '+' ? *r + 1 : *r;
        if (strncasecmp(e, host, hl) == 0 && e[hl] == ':' && strncmp(e + hl + 1, port, pl) == 0 &&
            e[hl + 1 + pl] == ':')
            return e + hl + pl + 2;
    }
    return NULL;
}

/* Checks one address in text; true when it is to be refused. */
static bool refuse_text(const char *addr, size_t n, char *ip, size_t ip_size, const char **kind) {
    char buf[INET6_ADDRSTRLEN + 2];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, addr, n);
    buf[n] = '\0';
    char *a = buf;
    if (a[0] == '[' && n > 2 && a[n - 1] == ']')
        a[n - 1] = '\0', a++;
    const char *k = gl_net_private_kind_text(a);
    if (!k)
        return false;
    snprintf(ip, ip_size, "%s", a);
    *kind = k;
    return true;
}

gl_host_check gl_fetch_check_host(const char *host, const char *port, const gl_options *opt,
                                  char *ip, size_t ip_size, const char **kind) {
    *kind = NULL;
    const char *mapped = resolve_entry(opt, host, port);
    if (mapped) {
        for (const char *p = mapped; *p; p += *p == ',') {
            size_t n = strcspn(p, ",");
            if (refuse_text(p, n, ip, ip_size, kind))
                return GL_HOST_PRIVATE;
            p += n;
        }
        return GL_HOST_PUBLIC;
    }
    size_t hl = strlen(host);
    if (hl > 2 && host[0] == '[' && refuse_text(host, hl, ip, ip_size, kind))
        return GL_HOST_PRIVATE;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    char bare[256];
    snprintf(bare, sizeof bare, "%.*s", (int)(hl > 2 && host[0] == '[' ? hl - 2 : hl),
             host + (hl > 2 && host[0] == '['));
    if (getaddrinfo(bare, port, &hints, &res) != 0)
        return GL_HOST_UNRESOLVED;
    gl_host_check verdict = GL_HOST_PUBLIC;
    for (struct addrinfo *a = res; a && !verdict; a = a->ai_next) {
        const char *k = gl_net_private_kind(a->ai_addr);
        if (!k)
            continue;
        const void *raw =
            a->ai_family == AF_INET6
                ? (const void *)&((struct sockaddr_in6 *)(void *)a->ai_addr)->sin6_addr
                : (const void *)&((struct sockaddr_in *)(void *)a->ai_addr)->sin_addr;
        if (!inet_ntop(a->ai_family, raw, ip, (socklen_t)ip_size))
            snprintf(ip, ip_size, "?");
        *kind = k;
        verdict = GL_HOST_PRIVATE;
    }
    freeaddrinfo(res);
    return verdict;
}

bool gl_fetch_first_address(const char *host, const char *port, const gl_options *opt, char *ip,
                            size_t ip_size) {
    const char *mapped = resolve_entry(opt, host, port);
    if (mapped) {
        size_t n = strcspn(mapped, ",");
        if (n >= ip_size)
            return false;
        memcpy(ip, mapped, n);
        ip[n] = '\0';
        return n > 0;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
        return false;
    const void *raw = res->ai_family == AF_INET6
                          ? (const void *)&((struct sockaddr_in6 *)(void *)res->ai_addr)->sin6_addr
                          : (const void *)&((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr;
    bool ok = inet_ntop(res->ai_family, raw, ip, (socklen_t)ip_size) != NULL;
    freeaddrinfo(res);
    return ok;
}
