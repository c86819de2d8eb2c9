/* The compiled hyphenation dictionaries' cache files (layout/hyphen.c):
 * an image of libhyphen's own structures, and the checks it passes before
 * libhyphen follows it. Apart so that a test can damage an image in ways
 * its CRC does not see (tests/unit/test_hyphen_image.c). */
#ifndef GL_LAYOUT_HYPHEN_IMAGE_H
#define GL_LAYOUT_HYPHEN_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hyphen.h>

/* What an image was made from and for: anything different and the .dic
 * is parsed again. */
typedef struct gl_hyphen_stamp {
    char magic[16];
    uint32_t sizes[3]; /* sizeof HyphenDict, HyphenState, HyphenTrans */
    int64_t mtime_sec, mtime_nsec, size;
} gl_hyphen_stamp;

/* The arrays of an image, in this order after its head. */
enum { GL_HYPHEN_DICTS, GL_HYPHEN_STATES, GL_HYPHEN_TRANS, GL_HYPHEN_STRINGS, GL_HYPHEN_PARTS };

typedef struct gl_hyphen_image_head {
    gl_hyphen_stamp stamp;
    char path[512];                   /* the .dic's, NUL-padded */
    uint64_t base;                    /* the address its pointers were set for */
    uint32_t crc, unused;             /* gl_hyphen_image_crc */
    uint64_t count[GL_HYPHEN_PARTS];  /* dictionaries (levels), states, transitions, string bytes */
    uint64_t offset[GL_HYPHEN_PARTS]; /* where each array starts in the file */
} gl_hyphen_image_head;

/* The size of one element of each array. */
static const size_t gl_hyphen_part_size[GL_HYPHEN_PARTS] = {sizeof(HyphenDict), sizeof(HyphenState),
                                                            sizeof(HyphenTrans), 1};

/* The CRC-32 of the whole image (`len` bytes with head `h`), the head's crc
 * field taken as 0. */
uint32_t gl_hyphen_image_crc(const gl_hyphen_image_head *h, const char *img, size_t len);

/* Checks every count, offset and pointer of the image at `img` (`len`
 * bytes, head `h`, pointers set for h->base) against the image itself:
 * true when libhyphen can follow them without leaving it. Reads only,
 * through offsets: the pointers are compared, never followed. The CRC is
 * the caller's to check first. */
bool gl_hyphen_image_ok(const char *img, size_t len, const gl_hyphen_image_head *h);

#endif
