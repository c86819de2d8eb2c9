/* The checks a compiled dictionary's image passes (layout/hyphen_image.h)
 * on images whose CRC-32 has been made to match after the damage, as a
 * file built to pass it would: the checks alone must refuse each one, and
 * a cache file damaged so is parsed again and replaced, never followed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "layout/hyphen.h"
#include "layout/hyphen_image.h"

/* A good image of the English dictionary: made by gl_hyphen_dict_for in a
 * folder of its own, then read whole. */
typedef struct image {
    char dir[32], file[64];
    char *bytes;
    size_t len;
    gl_hyphen_image_head head;
} image;

static void load_image(image *im) {
    snprintf(im->dir, sizeof im->dir, "/tmp/galley-hyph-XXXXXX");
    assert_non_null(mkdtemp(im->dir));
    assert_non_null(gl_hyphen_dict_for(GL_HYPHEN_DIR, "en", im->dir));
    snprintf(im->file, sizeof im->file, "%s/hyph_en.bin", im->dir);
    struct stat sb;
    assert_int_equal(stat(im->file, &sb), 0);
    im->len = (size_t)sb.st_size;
    im->bytes = malloc(im->len);
    assert_non_null(im->bytes);
    FILE *f = fopen(im->file, "rb");
    assert_non_null(f);
    assert_int_equal(fread(im->bytes, 1, im->len, f), im->len);
    fclose(f);
    memcpy(&im->head, im->bytes, sizeof im->head);
}

static HyphenDict *dict0(char *img, const gl_hyphen_image_head *h) {
    return (HyphenDict *)(img + h->offset[GL_HYPHEN_DICTS]);
}

static HyphenState *states(char *img, const gl_hyphen_image_head *h) {
    return (HyphenState *)(img + h->offset[GL_HYPHEN_STATES]);
}

/* `img`'s CRC made to match its bytes again; its head into *h. */
static void reseal(char *img, size_t len, gl_hyphen_image_head *h) {
    memcpy(h, img, sizeof *h);
    h->crc = gl_hyphen_image_crc(h, img, len);
    memcpy(img, h, sizeof *h);
}

static void *shift(void *p, ptrdiff_t by) { return (void *)((uintptr_t)p + (uintptr_t)by); }

/* The damages, each to a fresh copy: the CRC matches afterwards, and only
 * the checks can refuse it. */
enum {
    TRANS_SHIFTED,  /* a state's transitions one along: still inside the array */
    TRANS_OUTSIDE,  /* past the end of the file */
    NUM_TRANS_NEG,  /* -1 transitions */
    NUM_TRANS_BIG,  /* 257 */
    LAST_PAST_END,  /* the last state's transitions run past the array */
    FALLBACK_BIG,   /* a fallback to a state that does not exist */
    NEW_STATE_BIG,  /* a transition to one */
    NEW_STATE_NEG,  /* a transition to state -2 */
    MATCH_IN_HEAD,  /* a match string in the head */
    STATES_SHIFTED, /* the dictionary's states one along */
    DAMAGES
};

static void damage(char *img, const gl_hyphen_image_head *h, int kind) {
    HyphenDict *d = dict0(img, h);
    HyphenState *st = states(img, h);
    int k = d->num_states / 2, last = (int)h->count[GL_HYPHEN_STATES] - 1;
    while (st[k].num_trans == 0)
        k++; /* a state with transitions */
    HyphenTrans *tr = (HyphenTrans *)(img + ((uintptr_t)st[k].trans - h->base));
    switch (kind) {
    case TRANS_SHIFTED:
        st[k].trans = shift(st[k].trans, sizeof(HyphenTrans));
        break;
    case TRANS_OUTSIDE:
        st[k].trans = shift(st[k].trans, 1 << 24);
        break;
    case NUM_TRANS_NEG:
        st[k].num_trans = -1;
        break;
    case NUM_TRANS_BIG:
        st[k].num_trans = 257;
        break;
    case LAST_PAST_END:
        st[last].num_trans = 256;
        break;
    case FALLBACK_BIG:
        st[k].fallback_state = d->num_states;
        break;
    case NEW_STATE_BIG:
        tr[0].new_state = d->num_states;
        break;
    case NEW_STATE_NEG:
        tr[0].new_state = -2;
        break;
    case MATCH_IN_HEAD:
        st[k].match = (char *)(uintptr_t)(h->base + 8);
        break;
    case STATES_SHIFTED:
        d->states = shift(d->states, sizeof(HyphenState));
        break;
    default:
        fail();
    }
}

static void test_checks(void **state) {
    (void)state;
    image im;
    load_image(&im);
    assert_int_equal(gl_hyphen_image_crc(&im.head, im.bytes, im.len), im.head.crc);
    assert_true(gl_hyphen_image_ok(im.bytes, im.len, &im.head));
    /* The dictionary is the one the damages are made for. */
    assert_true(im.head.count[GL_HYPHEN_STATES] > 10000);
    assert_true(im.head.count[GL_HYPHEN_TRANS] > 10000);
    char *copy = malloc(im.len);
    assert_non_null(copy);
    for (int kind = 0; kind < DAMAGES; kind++) {
        memcpy(copy, im.bytes, im.len);
        damage(copy, &im.head, kind);
        gl_hyphen_image_head h;
        reseal(copy, im.len, &h);
        assert_int_equal(gl_hyphen_image_crc(&h, copy, im.len), h.crc);
        if (gl_hyphen_image_ok(copy, im.len, &h))
            fail_msg("damage %d passed the checks", kind);
    }
    /* Cut short (its head still counting the whole): refused by the counts. */
    assert_false(gl_hyphen_image_ok(im.bytes, im.len - 4096, &im.head));
    free(copy);
    free(im.bytes);
    unlink(im.file);
    rmdir(im.dir);
}

/* A cache file damaged past its CRC is refused, the .dic parsed again and
 * the file replaced: the dictionary cuts words as before (the sanitizer
 * build runs this). */
static void test_refused_file(void **state) {
    (void)state;
    image im;
    load_image(&im);
    char dir[] = "/tmp/galley-hyph-XXXXXX", file[64];
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/hyph_en.bin", dir);
    char *bad = malloc(im.len);
    assert_non_null(bad);
    memcpy(bad, im.bytes, im.len);
    damage(bad, &im.head, NEW_STATE_BIG);
    gl_hyphen_image_head h;
    reseal(bad, im.len, &h);
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bad, 1, im.len, f), im.len);
    assert_int_equal(fclose(f), 0);
    const gl_hyphen_dict *d = gl_hyphen_dict_for(GL_HYPHEN_DIR, "en", dir);
    assert_non_null(d);
    size_t points[16];
    assert_int_equal(gl_hyphen_points(d, "negotiating", 11, points, 16), 4);
    /* Replaced: the file is the good image again, byte for byte (the
     * same .dic makes the same image). */
    char *again = malloc(im.len);
    assert_non_null(again);
    f = fopen(file, "rb");
    assert_non_null(f);
    assert_int_equal(fread(again, 1, im.len, f), im.len);
    fclose(f);
    assert_memory_equal(again, im.bytes, im.len);
    free(again);
    free(bad);
    free(im.bytes);
    unlink(file);
    rmdir(dir);
    unlink(im.file);
    rmdir(im.dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_refused_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
