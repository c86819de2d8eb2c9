/* Address classes (address.h): RFC 1122 3.2.1.3 (0/8, 127/8), RFC 1918
 * (10/8, 172.16/12, 192.168/16), RFC 3927 (169.254/16), RFC 4291 (::, ::1,
 * fe80::/10, ::ffff:0:0/96) and RFC 4193 (fc00::/7). */
#include "net/address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

static const char *v4_kind(const unsigned char a[4]) {
    if (a[0] == 0)
        return "an unspecified address";
    if (a[0] == 127)
        return "a loopback address";
    if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168))
        return "a private address";
    if (a[0] == 169 && a[1] == 254)
        return "a link-local address";
    return NULL;
}

static const char *v6_kind(const unsigned char a[16]) {
    static const unsigned char zero[16], mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (memcmp(a, mapped, 12) == 0)
        return v4_kind(a + 12);
    if (memcmp(a, zero, 15) == 0)
        return a[15] == 0 ? "an unspecified address" : a[15] == 1 ? "a loopback address" : NULL;
    if ((a[0] & 0xFE) == 0xFC)
        return "a private address";
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80)
        return "a link-local address";
    return NULL;
}

const char *gl_net_private_kind(const struct sockaddr *sa) {
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        return v4_kind((const unsigned char *)&in->sin_addr);
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        return v6_kind(in6->sin6_addr.s6_addr);
    }
    return NULL;
}

const char *gl_net_private_kind_text(const char *address) {
    unsigned char a[16];
    if (!address)
        return NULL;
    if (inet_pton(AF_INET, address, a) == 1)
        return v4_kind(a);
    if (inet_pton(AF_INET6, address, a) == 1)
        return v6_kind(a);
    return NULL;
}
