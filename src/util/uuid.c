/* Version 5 UUIDs (RFC 4122) and the SHA-1 (FIPS 180-4) they are made
 * with; see uuid.h. */
#include "util/uuid.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void gl_sha1_init(gl_sha1 *s) {
    static const uint32_t init[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    memcpy(s->h, init, sizeof init);
    s->len = 0;
    s->used = 0;
}

static uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1_block(gl_sha1 *s, const unsigned char *p) {
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDC;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    s->h[0] += a;
    s->h[1] += b;
    s->h[2] += c;
    s->h[3] += d;
    s->h[4] += e;
}

void gl_sha1_update(gl_sha1 *s, const void *data, size_t len) {
    const unsigned char *p = data;
    s->len += len;
    while (len > 0) {
        size_t n = 64 - s->used < len ? 64 - s->used : len;
        memcpy(s->block + s->used, p, n);
        s->used += n;
        p += n;
        len -= n;
        if (s->used == 64) {
            sha1_block(s, s->block);
            s->used = 0;
        }
    }
}

void gl_sha1_final(gl_sha1 *s, unsigned char out[20]) {
    uint64_t bits = s->len * 8;
    unsigned char pad = 0x80, zero = 0, lenb[8];
    gl_sha1_update(s, &pad, 1);
    while (s->used != 56)
        gl_sha1_update(s, &zero, 1);
    for (int i = 0; i < 8; i++)
        lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
    gl_sha1_update(s, lenb, 8);
    for (int i = 0; i < 20; i++)
        out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void gl_uuid5_url(const char *name, size_t len, char out[46]) {
    static const unsigned char ns_url[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                             0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    gl_sha1 s;
    unsigned char d[20];
    gl_sha1_init(&s);
    gl_sha1_update(&s, ns_url, sizeof ns_url);
    gl_sha1_update(&s, name, len);
    gl_sha1_final(&s, d);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x50);
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80);
    char *p = out + sprintf(out, "urn:uuid:");
    for (int i = 0; i < 16; i++) {
        p += sprintf(p, "%02x", d[i]);
        if (i == 3 || i == 5 || i == 7 || i == 9)
            *p++ = '-';
    }
    *p = '\0';
}
