/* Which URLs a document may keep (issue 8: nothing leaks out). */
#ifndef GL_UTIL_URL_H
#define GL_UTIL_URL_H

#include <stdbool.h>
#include <stddef.h>

/* Whether a link (image false) or image (true) URL is on the allowlist:
 * http, https, mailto, a relative reference or a #fragment; for images also
 * data:image/png and data:image/jpeg. Everything else (javascript:, vbscript:,
 * file:, data:text/html, data:image/svg+xml...) is refused. The scheme is read
 * as browsers read it (WHATWG URL §4.4): leading controls and spaces skipped,
 * tabs and newlines inside ignored, so "java\tscript:" is javascript:. */
bool gl_url_allowed(const char *url, size_t len, bool image);

/* Whether `url` is absolute with the http or https scheme: the only bases
 * relative URLs are resolved against (a file: base would turn "passwd" into a
 * local file's URL). */
bool gl_url_is_web(const char *url);

/* Resolves the reference `ref` against the absolute URL `base` as RFC 3986
 * section 5.2 says (merge, then remove_dot_segments), into `out`, which must
 * hold strlen(base) + strlen(ref) + 2 bytes; returns the length written, not
 * counting the terminating NUL. Every string is a URI reference under the
 * grammar of Appendix B, so this cannot fail; nothing is percent-encoded or
 * decoded: the bytes of both inputs are carried over as they are. */
size_t gl_url_resolve(char *out, const char *base, const char *ref);

#endif
