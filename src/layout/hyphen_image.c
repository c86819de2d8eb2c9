/* The checks a compiled dictionary's image passes before libhyphen follows
 * it (hyphen_image.h). They run once a process for each dictionary over
 * some 15,600 states (en_US), so each state costs a few compares: its
 * pointers are checked against where build_image (hyphen.c) puts them,
 * not merely inside their array. */
#include "layout/hyphen_image.h"

#include <string.h>
#include <libdeflate.h>

uint32_t gl_hyphen_image_crc(const gl_hyphen_image_head *h, const char *img, size_t len) {
    gl_hyphen_image_head zeroed;
    memcpy(&zeroed, h, sizeof zeroed); /* padding too: an assignment need not copy it */
    zeroed.crc = 0;
    uint32_t crc = libdeflate_crc32(0, &zeroed, sizeof zeroed);
    return libdeflate_crc32(crc, img + sizeof zeroed, len - sizeof zeroed);
}

/* The offset a pointer field of the image holds (0 for NULL), or
 * UINT64_MAX when it points outside the image. */
static uint64_t offset_in(const gl_hyphen_image_head *h, size_t len, const void *p) {
    uint64_t v = (uint64_t)(uintptr_t)p;
    if (!p)
        return 0;
    return v > h->base && v - h->base < len ? v - h->base : UINT64_MAX;
}

/* Whether string field `p` is NULL or points into the strings, [from, from
 * + n) as offsets (each string ends in a NUL: the last byte of the array is
 * one, checked below). One subtraction and compare, as it runs twice for
 * each of some 15,600 states. */
static bool string_ok(uint64_t base, uint64_t from, uint64_t n, const char *p) {
    return !p || (uint64_t)(uintptr_t)p - base - from < n;
}

/* A dictionary's NOHYPHEN list: NULL, or nohyphenl + 1 strings that all
 * lie in the strings. */
static bool nohyphen_ok(const gl_hyphen_image_head *h, size_t len, const char *img,
                        const HyphenDict *d) {
    uint64_t off = offset_in(h, len, d->nohyphen), from = h->offset[GL_HYPHEN_STRINGS];
    if (off == 0)
        return true;
    if (d->nohyphenl < 0 || d->nohyphenl > 4096)
        return false;
    for (int i = 0; i <= d->nohyphenl; i++) {
        if (off == UINT64_MAX || off - from >= h->count[GL_HYPHEN_STRINGS])
            return false;
        off += strlen(img + off) + 1;
    }
    return true;
}

/* The states of dictionary `d` (`states`, with their transitions from
 * offset *trans on) against the image: each state's transitions follow the
 * previous state's, as build_image lays them out (an exact offset, not
 * merely one inside the array: one compare), and all of them end within the
 * array (checked once, before any is read); every fallback and transition
 * leads to a state of `d`; every string lies in the strings. *trans moves
 * past the dictionary's transitions. */
static bool states_ok(const gl_hyphen_image_head *h, const char *img, const HyphenDict *d,
                      const HyphenState *states, uint64_t *trans) {
    uint64_t base = h->base, from = h->offset[GL_HYPHEN_STRINGS], n = h->count[GL_HYPHEN_STRINGS];
    uint64_t t = *trans,
             end = h->offset[GL_HYPHEN_TRANS] + h->count[GL_HYPHEN_TRANS] * sizeof(HyphenTrans);
    unsigned nstates = (unsigned)d->num_states;
    for (int i = 0; i < d->num_states; i++) {
        const HyphenState *st = &states[i];
        uint64_t nt = (unsigned)st->num_trans;
        /* fallback_state + 1 in [0, nstates]: -1 (none) or a state */
        if ((uint64_t)(uintptr_t)st->trans - base != t || nt > 256 ||
            (unsigned)st->fallback_state + 1u > nstates || !string_ok(base, from, n, st->match) ||
            !string_ok(base, from, n, st->repl))
            return false;
        t += nt * sizeof(HyphenTrans); /* at most 256 * 8 bytes a state: no overflow */
    }
    if (t > end)
        return false;
    /* The transitions, all of them at once: they lie back to back. */
    const HyphenTrans *tr = (const HyphenTrans *)(img + *trans);
    unsigned bad = 0;
    for (uint64_t j = 0; j < (t - *trans) / sizeof(HyphenTrans); j++)
        bad |= (unsigned)tr[j].new_state >= nstates;
    *trans = t;
    return !bad;
}

bool gl_hyphen_image_ok(const char *img, size_t len, const gl_hyphen_image_head *h) {
    uint64_t at = sizeof *h;
    for (int k = 0; k < GL_HYPHEN_PARTS; k++) {
        /* In order, aligned, within the file; counts no larger than the file. */
        if (h->offset[k] < at || h->offset[k] % 16 != 0 || h->offset[k] > len ||
            h->count[k] > (len - h->offset[k]) / gl_hyphen_part_size[k])
            return false;
        at = h->offset[k] + h->count[k] * gl_hyphen_part_size[k];
    }
    if (h->count[GL_HYPHEN_DICTS] == 0 ||
        (h->count[GL_HYPHEN_STRINGS] > 0 && img[at - 1] != '\0') || h->base % 4096 != 0 ||
        h->base > UINTPTR_MAX - len)
        return false;
    const HyphenDict *dicts = (const HyphenDict *)(img + h->offset[GL_HYPHEN_DICTS]);
    uint64_t ns = 0, trans = h->offset[GL_HYPHEN_TRANS];
    for (uint64_t k = 0; k < h->count[GL_HYPHEN_DICTS]; k++) {
        const HyphenDict *d = &dicts[k];
        uint64_t next = k + 1 < h->count[GL_HYPHEN_DICTS]
                            ? h->offset[GL_HYPHEN_DICTS] + (k + 1) * sizeof *d
                            : 0;
        if (d->num_states < 0 || (uint64_t)d->num_states > h->count[GL_HYPHEN_STATES] - ns ||
            offset_in(h, len, d->states) !=
                h->offset[GL_HYPHEN_STATES] + ns * sizeof(HyphenState) ||
            offset_in(h, len, d->nextlevel) != next || !nohyphen_ok(h, len, img, d) ||
            !memchr(d->cset, '\0', sizeof d->cset) ||
            !states_ok(h, img, d, (const HyphenState *)(img + h->offset[GL_HYPHEN_STATES]) + ns,
                       &trans))
            return false;
        ns += (uint64_t)d->num_states;
    }
    return ns == h->count[GL_HYPHEN_STATES];
}
