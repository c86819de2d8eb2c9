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

/* Whether `word` is one gl_hyphen_points might cut for a document in
 * `lang`, judged without the dictionary: so that a document is spared
 * loading one for words it would not cut anyway (a Russian quotation in an
 * English article, a number, a URL). */
bool gl_hyphen_candidate(const char *lang, const char *word, size_t len);

/* For a word that is not a candidate in `lang` because its letters are of
 * another script (a Russian name in an English article), the language whose
 * dictionary cuts words of that script, by the language most written in it
 * ("ru" for Cyrillic, "el" for Greek, "en" for Latin), and its script's
 * number (0 to GL_HYPHEN_SCRIPTS - 1) in *slot, so that a caller keeps one
 * dictionary per script. NULL for a word of the document's script or of no
 * script a dictionary covers. A foreign word left whole can only be set
 * loose: TeX's documents switch patterns with the language, and galley
 * knows the script, not the language, of such a word. */
#define GL_HYPHEN_SCRIPTS 3
const char *gl_hyphen_foreign_language(const char *lang, const char *word, size_t len,
                                       size_t *slot);

#endif
