/* The Unicode bidirectional algorithm (UAX #9) through GNU FriBidi, for the
 * PDF writer: a paragraph's embedding levels, resolved once on the whole
 * paragraph in logical order, then each line reordered after breaking
 * (rules L1-L2), so right-to-left text is drawn right to left while the
 * text itself (and what copy-and-paste gives back) stays in logical order. */
#ifndef GL_LAYOUT_BIDI_H
#define GL_LAYOUT_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "galley/error.h"
#include "galley/options.h"

/* The resolved levels of one paragraph. */
typedef struct gl_bidi {
    const gl_allocator *alloc;
    size_t nchars;
    size_t *offset;        /* byte offset of each character, and the text's length last */
    uint32_t *types;       /* FriBidiCharType of each character */
    unsigned char *levels; /* embedding level of each character: odd is right to left */
    bool rtl;              /* the paragraph's own direction (P2-P3, or as asked) */
} gl_bidi;

/* The paragraph direction asked for. */
typedef enum gl_bidi_dir {
    GL_BIDI_AUTO = 0, /* from its first strong character (UAX #9 P2-P3), else left to right */
    GL_BIDI_LTR,      /* code: always left to right */
    GL_BIDI_RTL
} gl_bidi_dir;

/* Whether `cp` can make a paragraph need the algorithm: a right-to-left
 * letter (bidi classes R and AL, Arabic numbers) or an explicit embedding,
 * override, isolate or mark. Text without any is left to right throughout,
 * and its writer skips the algorithm. */
bool gl_bidi_needed(uint32_t cp);

/* Whether BCP 47 tag `lang` names a language written right to left
 * (Arabic, Hebrew, Persian, Urdu, Yiddish... or any tag with the script
 * subtag Arab, Hebr, Syrc, Thaa, Nkoo or Adlm): a document in it reads
 * from the right, its title block too, whatever script a line of it
 * (a site's Latin name) starts with. False for NULL. */
bool gl_bidi_language_rtl(const char *lang);

/* Resolves the levels of the paragraph `text` (valid UTF-8) into `b`
 * (memory from `alloc`; release with gl_bidi_free). GL_OK or GL_ENOMEM
 * (FriBidi's own allocations failing included). */
gl_status gl_bidi_paragraph(gl_bidi *b, const char *text, size_t len, gl_bidi_dir dir,
                            const gl_allocator *alloc);

/* The level of the character starting at byte `at` (or of the one holding
 * it). */
unsigned gl_bidi_level_at(const gl_bidi *b, size_t at);

/* The visual order of a line: bytes [start, end) of the paragraph, cut into
 * `n` pieces, piece k being bytes [cuts[k], cuts[k+1]) (cuts[0] = start,
 * cuts[n] = end), each on one level. order[0..n) gets the pieces from left
 * to right (FriBidi's fribidi_reorder_line on the line's characters: L1
 * resets the line's trailing white space to the paragraph's level, L2
 * reverses each run at or above each odd level). GL_OK or GL_ENOMEM. */
gl_status gl_bidi_line_order(const gl_bidi *b, const size_t *cuts, size_t n, size_t *order);

/* Frees what gl_bidi_paragraph gave; a zeroed struct is a no-op. */
void gl_bidi_free(gl_bidi *b);

#endif
