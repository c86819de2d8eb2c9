/* SHA-1 and name-based identifiers: the EPUB writer names a book by the version 5
 * UUID of its article's URL, so the same article gives the same identifier
 * on every machine and run. */
#ifndef GL_UTIL_UUID_H
#define GL_UTIL_UUID_H

#include <stddef.h>
#include <stdint.h>

/* SHA-1 (FIPS 180-4) as a running digest: init, update with any number of
 * pieces, final. A struct of plain values: copying one forks the digest. */
typedef struct gl_sha1 {
    uint32_t h[5];
    uint64_t len;
    unsigned char block[64];
    size_t used;
} gl_sha1;

void gl_sha1_init(gl_sha1 *s);
void gl_sha1_update(gl_sha1 *s, const void *data, size_t len);
void gl_sha1_final(gl_sha1 *s, unsigned char out[20]);

/* Writes "urn:uuid:..." (45 characters and a NUL) of the version 5 UUID of
 * name[0..len) in RFC 4122's URL namespace (Appendix C), which anyone can
 * recompute from the URL. */
void gl_uuid5_url(const char *name, size_t len, char out[46]);

#endif
