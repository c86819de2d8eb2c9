/* The benchmark's floor: a program that starts, has the dynamic loader map
 * and relocate libraries, and exits. Built twice by bench/run:
 *
 *   startup      the libraries a Markdown -> text conversion maps:
 *                libgalley.so (cmark-gfm, libyaml and utf8proc linked in) and
 *                what it needs (libunibreak, libc); libgalley loads the HTML
 *                reader, the PDF and EPUB writers and the language guesser
 *                (libxml2, libharu, harfbuzz, fontconfig, libhyphen, libzip,
 *                libexttextcat) only when a conversion needs them
 *                (src/modules/);
 *   startup-all  (-DGL_STARTUP_ALL) every library galley can use, what a
 *                process that links them all would pay.
 *
 * galley's text path is compared against the first to see how much of a run
 * is process start-up rather than conversion. */
#include <galley/galley.h>
#ifdef GL_STARTUP_ALL
#include <libxml/parser.h>
#include <hpdf.h>
#include <fontconfig/fontconfig.h>
#include <hyphen.h>
#include <zip.h>
#include <hb.h>
#include <hb-subset.h>
#include <libdeflate.h>
#endif

typedef void (*any_fn)(void);

int main(int argc, char **argv) {
    (void)argv;
    /* One symbol from each library: referencing them keeps every library in
     * the link (Debian links with --as-needed) without running any of them. */
    any_fn volatile used[] = {
        (any_fn)gl_version,
#ifdef GL_STARTUP_ALL
        (any_fn)xmlCheckVersion,
        (any_fn)HPDF_GetVersion,
        (any_fn)FcGetVersion,
        (any_fn)hnj_hyphen_free,
        (any_fn)zip_libzip_version,
        (any_fn)hb_version_string,
        (any_fn)hb_subset_input_create_or_fail,
        (any_fn)libdeflate_alloc_compressor,
#endif
    };
    /* Never true in the benchmark; it makes the array observable. */
    return argc > 1000 ? (int)(sizeof used / sizeof used[0]) : 0;
}
