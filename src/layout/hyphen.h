/* Hyphenation points from libhyphen's pattern dictionaries (the .dic files
 * of Debian's hyphen-* packages, in /usr/share/hyphen), chosen by the
 * document's language. Used by the PDF writer only: the text writer never
 * hyphenates. */
#ifndef GL_LAYOUT_HYPHEN_H
#define GL_LAYOUT_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct gl_hyphen_dict gl_hyphen_dict;

/* Where the dictionaries are looked for. */
#define GL_HYPHEN_DIR "/usr/share/hyphen"

/* The dictionary for the BCP 47 tag `lang` ("en", "en-GB", "ru-RU"):
 * hyph_<ll>_<RR>.dic, else hyph_<ll>.dic, else the first hyph_<ll>_*.dic
 * by name, in `dir`. NULL when `lang` is NULL or none is installed (no
 * hyphenation then, not an error) or it cannot be loaded. Parsing a .dic
 * takes 2 to 10 ms, so each dictionary is loaded once per process, on first
 * use, and then shared read-only by every conversion of the process
 * (libhyphen only reads a dictionary while hyphenating): the library's one
 * process-wide cache, behind a mutex. With `compiled` (a folder, or NULL),
 * the parsed machine is also kept there as hyph_<...>.bin, checked against
 * the .dic's size and time, and read back in a fraction of a millisecond
 * by the next process. Thread-safe. */
const gl_hyphen_dict *gl_hyphen_dict_for(const char *dir, const char *lang, const char *compiled);

/* Fills `points` (room for `max`) with the byte offsets into word[0, len)
 * (valid UTF-8: a run of text without spaces, which may carry punctuation
 * at either end) after which a line may end with a hyphen, ascending, and
 * returns how many. None for a word with digits or symbols inside it, with
 * letters of another script than the dictionary's, or shorter than five
 * letters. At least two letters stay on the first line and, as the
 * dictionary asks, two or three go to the next. */
size_t gl_hyphen_points(const gl_hyphen_dict *dict, const char *word, size_t len, size_t *points,
                        size_t max);

/* Words are cut by the dictionary of their script: a Russian name in an
 * English article by the dictionary of the language most written in
 * Cyrillic. A foreign word left whole can only be set loose: TeX's
 * documents switch patterns with the language, and galley knows the
 * script, not the language, of such a word. Slots 0 to GL_HYPHEN_SCRIPTS - 1
 * number the scripts (Latin, Cyrillic, Greek), so that a caller keeps one
 * dictionary per script; GL_HYPHEN_OWN is the document's language. */
#define GL_HYPHEN_SCRIPTS 3
#define GL_HYPHEN_OWN GL_HYPHEN_SCRIPTS

/* Gives gl_hyphenate the dictionary for `lang` in `slot`, or NULL when
 * there is none: `lang` is the document's for GL_HYPHEN_OWN, else the
 * language of the slot's script ("en", "ru", "el"). Asked only for a word
 * that dictionary might cut, so that a document is spared loading one for
 * words it would not cut anyway (a number, a URL, a quotation). */
typedef const gl_hyphen_dict *(*gl_hyphen_dict_fn)(void *userdata, const char *lang, size_t slot);

/* gl_hyphen_points for a word of a document in `lang`, reading the word
 * once: a word of the language's script is cut by the dictionary
 * dict_for(userdata, lang, GL_HYPHEN_OWN) gives, a word of another script
 * by that script's (see above). */
size_t gl_hyphenate(const char *lang, const char *word, size_t len, gl_hyphen_dict_fn dict_for,
                    void *userdata, size_t *points, size_t max);

#endif
