/* The benchmark's floor: a program linked with the same libraries as galley
 * that starts, has the dynamic loader map and relocate all of them, and exits.
 * galley's text path is compared against it to see how much of a run is
 * process start-up rather than conversion. */
#include <libxml/parser.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <hpdf.h>
#include <fontconfig/fontconfig.h>
#include <linebreak.h>
#include <utf8proc.h>
#include <yaml.h>
#include <zip.h>
#include <hb.h>
#include <hb-subset.h>

typedef void (*any_fn)(void);

int main(int argc, char **argv) {
    (void)argv;
    /* One symbol from each library: referencing them keeps every library in
     * the link (Debian links with --as-needed) without running any of them. */
    any_fn volatile used[] = {
        (any_fn)xmlCheckVersion,
        (any_fn)cmark_version,
        (any_fn)cmark_gfm_core_extensions_ensure_registered,
        (any_fn)HPDF_GetVersion,
        (any_fn)FcGetVersion,
        (any_fn)init_linebreak,
        (any_fn)utf8proc_version,
        (any_fn)yaml_get_version_string,
        (any_fn)zip_libzip_version,
        (any_fn)hb_version_string,
        (any_fn)hb_subset_input_create_or_fail,
    };
    /* Never true in the benchmark; it makes the array observable. */
    return argc > 1000 ? (int)(sizeof used / sizeof used[0]) : 0;
}
