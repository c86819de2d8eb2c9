/* Which addresses a page's images may not be fetched from (issue 18): a
 * hostile page must not make galley probe the network it runs in. */
#ifndef GL_NET_ADDRESS_H
#define GL_NET_ADDRESS_H

#include <stdbool.h>
#include <sys/socket.h>

/* The kind of a non-public address, for messages: "a loopback address",
 * "a private address", "a link-local address", "an unspecified address";
 * NULL for any other (a public one, or a family other than IPv4 and
 * IPv6). IPv4 addresses mapped into IPv6 (::ffff:a.b.c.d) count as the
 * IPv4 address they carry. */
const char *gl_net_private_kind(const struct sockaddr *sa);

/* The same for an address in text ("127.0.0.1", "::1"); NULL for a public
 * one or text that is no address. */
const char *gl_net_private_kind_text(const char *address);

#endif
