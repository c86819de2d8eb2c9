/* Image decoding (src/image/decode.h), bytes in: whatever the bytes,
 * gl_image_decode returns GL_OK and either an image whose every sample can
 * be read, within the pixel limit, or a reason; never a crash, an abort()
 * from libpng or libjpeg, or a leak. */
#include "fuzz.h"
#include "image/decode.h"
#include "util/alloc.h"

/* Small enough for fast runs, large enough for every header path. */
#define FUZZ_MAX_PIXELS ((size_t)1 << 22)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const gl_allocator *alloc = gl_allocator_of(NULL);
    gl_image img;
    bool ok = true;
    char why[GL_IMAGE_WHY_MAX];
    gl_error err;
    gl_error_init(&err, NULL);
    gl_status st = gl_image_decode(&img, data, size, FUZZ_MAX_PIXELS, alloc, &ok, why, &err);
    fuzz_check_error(st, &err);
    if (st != GL_OK)
        return 0;
    if (!ok) {
        if (!why[0] || !memchr(why, '\0', GL_IMAGE_WHY_MAX) || img.pixels || img.alpha)
            __builtin_trap();
        return 0;
    }
    size_t count = (size_t)img.width * img.height;
    if (!count || count > FUZZ_MAX_PIXELS)
        __builtin_trap();
    unsigned sum = 0;
    if (img.kind != GL_IMAGE_JPEG) {
        if (!img.pixels || (img.channels != 1 && img.channels != 3))
            __builtin_trap();
        for (size_t i = 0; i < count * img.channels; i++)
            sum += img.pixels[i];
        for (size_t i = 0; img.alpha && i < count; i++)
            sum += img.alpha[i];
    } else if (img.pixels || img.alpha) {
        __builtin_trap();
    }
    gl_image_free(&img, alloc);
    return (int)(sum & 0); /* the sum only makes every sample be read */
}
