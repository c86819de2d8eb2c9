#include "cli/args.h"

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util/date.h"
#include "util/error.h"
#include "util/utf8.h"

/* Long-only options get values above any character. */
enum {
    OPT_BASE_URL = 256,
    OPT_WIDTH,
    OPT_LINKS,
    OPT_BODY_ONLY,
    OPT_PAPER,
    OPT_MARGIN,
    OPT_RAGGED,
    OPT_JUSTIFY,
    OPT_PRESET,
    OPT_METADATA,
    OPT_STRICT,
    OPT_MAX_INPUT,
    OPT_MAX_MEMORY,
    OPT_WHOLE,
    OPT_EXPLAIN,
    OPT_VERSION,
    OPT_LIST_FORMATS,
    OPT_FILES_FROM,
    OPT_TIMEOUT,
    OPT_FORCE,
    OPT_REPORT,
    OPT_SHARD,
    OPT_ASCII,
    OPT_EOL,
    OPT_COMBINE,
    OPT_SORT,
    OPT_TITLE,
    OPT_FONT_SIZE,
    OPT_FONT_FAMILY,
    OPT_NOW,
    OPT_NO_SMART,
    OPT_COVER,
    OPT_FETCH_TIMEOUT,
    OPT_FETCH_IMAGES,
    OPT_MAX_IMAGE_BYTES,
    OPT_MAX_IMAGES_BYTES,
    OPT_ALLOW_PRIVATE_NETWORK,
    OPT_RESOLVE
};

static const struct option long_options[] = {
    {"from", required_argument, NULL, 'f'},
    {"to", required_argument, NULL, 't'},
    {"output", required_argument, NULL, 'o'},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"now", required_argument, NULL, OPT_NOW},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"links", required_argument, NULL, OPT_LINKS},
    {"body-only", no_argument, NULL, OPT_BODY_ONLY},
    {"paper", required_argument, NULL, OPT_PAPER},
    {"margin", required_argument, NULL, OPT_MARGIN},
    {"ragged", no_argument, NULL, OPT_RAGGED},
    {"justify", no_argument, NULL, OPT_JUSTIFY},
    {"preset", required_argument, NULL, OPT_PRESET},
    {"font-size", required_argument, NULL, OPT_FONT_SIZE},
    {"font-family", required_argument, NULL, OPT_FONT_FAMILY},
    {"metadata", required_argument, NULL, OPT_METADATA},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"max-input", required_argument, NULL, OPT_MAX_INPUT},
    {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
    {"whole", no_argument, NULL, OPT_WHOLE},
    {"no-extract", no_argument, NULL, OPT_WHOLE},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {"list-formats", no_argument, NULL, OPT_LIST_FORMATS},
    {"files-from", required_argument, NULL, OPT_FILES_FROM},
    {"null", no_argument, NULL, '0'},
    {"jobs", required_argument, NULL, 'j'},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"force", no_argument, NULL, OPT_FORCE},
    {"report", required_argument, NULL, OPT_REPORT},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"ascii", no_argument, NULL, OPT_ASCII},
    {"eol", required_argument, NULL, OPT_EOL},
    {"combine", no_argument, NULL, OPT_COMBINE},
    {"sort", required_argument, NULL, OPT_SORT},
    {"title", required_argument, NULL, OPT_TITLE},
    {"no-smart", no_argument, NULL, OPT_NO_SMART},
    {"cover", required_argument, NULL, OPT_COVER},
    {"fetch-timeout", required_argument, NULL, OPT_FETCH_TIMEOUT},
    {"fetch-images", no_argument, NULL, OPT_FETCH_IMAGES},
    {"max-image-bytes", required_argument, NULL, OPT_MAX_IMAGE_BYTES},
    {"max-images-bytes", required_argument, NULL, OPT_MAX_IMAGES_BYTES},
    {"allow-private-network", no_argument, NULL, OPT_ALLOW_PRIVATE_NETWORK},
    {"resolve", required_argument, NULL, OPT_RESOLVE},
    {NULL, 0, NULL, 0},
};

/* The leading ':' makes getopt report a missing argument as ':' and stay
 * quiet, so every message has our "galley: " form. */
static const char short_options[] = ":f:t:o:qvh0j:";

static const struct {
    const char *key;
    gl_meta_field field;
} meta_keys[] = {
    {"title", GL_META_TITLE},   {"author", GL_META_BYLINE},
    {"byline", GL_META_BYLINE}, {"date", GL_META_DATE},
    {"site", GL_META_SITE},     {"lang", GL_META_LANG},
    {"url", GL_META_URL},       {"description", GL_META_DESCRIPTION},
};

void gl_cli_usage(FILE *out) {
    fputs("Usage: galley [OPTIONS] INPUT...\n"
          "Convert HTML and Markdown to PDF, EPUB, HTML, Markdown, XHTML, JSON or plain\n"
          "text.\n"
          "INPUT is a file, a folder (converted recursively into -o DIR/), - for stdin,\n"
          "or an http:// or https:// URL (fetched with its images; only --fetch-images\n"
          "makes galley go to the network for a local file).\n"
          "With no INPUT, standard input is read unless it is a terminal.\n"
          "\n"
          "  -f, --from FORMAT      input format (default: by extension, then by content)\n"
          "  -t, --to FORMAT[,...]  output format (default: by -o's extension, else text);\n"
          "                         with -o DIR/, several: -t pdf,text from one parse\n"
          "  -o, --output FILE|DIR  write to FILE, or into DIR (a trailing /, an existing\n"
          "                         folder, or a new name without an output's extension\n"
          "                         for a folder, several inputs or formats, as cp -r);\n"
          "                         - or no -o: standard output\n"
          "      --base-url URL     resolve relative links and images against URL\n"
          "      --now WHEN         html: the date no page's date may follow (seconds\n"
          "                         since 1970 or 2026-01-01T00:00:00Z; default: the clock)\n"
          "      --width N          text: wrap at column N (0: no wrapping; default 72)\n"
          "      --links STYLE      text: refs (default), inline or none\n"
          "      --body-only        text: the running text alone: no header block, reference\n"
          "                         list, images or captions\n"
          "      --ascii            text: punctuation and accented letters as ASCII\n"
          "      --eol lf|crlf      text: line endings (default lf)\n"
          "      --paper SIZE       pdf: a4 (default), letter, a5, a6 or WxH (210x297,\n"
          "                         4x6in; lengths in mm unless suffixed pt, mm or in)\n"
          "      --margin LENGTH    pdf: page margin (default 20 mm; a5 14 mm, a6 10 mm)\n"
          "      --ragged           pdf: ragged right paragraphs (--preset ereader's)\n"
          "      --justify          pdf: justified paragraphs (the default otherwise); of\n"
          "                         --ragged and --justify the last given wins\n"
          "      --font-size SIZE   pdf: body type in points (default 10.5; 4 to 72);\n"
          "                         headings, notes and spacing follow\n"
          "      --font-family NAME pdf: body font family, any installed TrueType one\n"
          "                         (default DejaVu Serif)\n"
          "      --preset ereader   pdf: 90x122 mm pages with 5 mm margins and 10 pt type,\n"
          "                         ragged right, for 6-inch e-readers; text: --width 0\n"
          "      --combine          make one book of all inputs (epub, pdf, text), one\n"
          "                         chapter per article, with a table of contents\n"
          "      --sort ORDER       --combine: date (default), path or args\n"
          "      --title TITLE      --combine: the book's title\n"
          "      --cover IMAGE      epub: the cover, a PNG or JPEG file (default: one drawn\n"
          "                         from the title, byline, site and date)\n"
          "      --metadata KEY=VALUE  set title, author, date, site, lang, url or\n"
          "                         description (repeatable; an empty VALUE removes it)\n"
          "      --no-smart         Markdown: keep straight quotes, -- and ... as typed\n"
          "                         (by default curly quotes, dashes and an ellipsis)\n"
          "      --whole, --no-extract  HTML: convert the whole page, not the article alone\n"
          "      --explain          HTML: say on stderr which part of the page was kept and\n"
          "                         where the title, byline and date came from\n"
          "      --strict           invalid UTF-8 in an input, or a character no font has\n"
          "                         (PDF), is an error\n"
          "      --max-input BYTES  refuse inputs larger than BYTES (default 67108864)\n"
          "      --fetch-timeout SECONDS  a URL: give up on a page still arriving after\n"
          "                         SECONDS (default 60; 0: no limit)\n"
          "      --max-memory SIZE  stop a conversion that needs more memory than SIZE\n"
          "                         (bytes, or with K, M or G; default 768M; 0: no limit)\n"
          "      --fetch-images     pdf, epub: fetch a local page's http and https images\n"
          "                         (a URL input's are always fetched)\n"
          "      --max-image-bytes BYTES   one fetched image (default 16777216)\n"
          "      --max-images-bytes BYTES  all of a page's fetched images (default 134217728)\n"
          "      --allow-private-network  fetch images from loopback, private and link-local\n"
          "                         addresses too (default: only from the page's own\n"
          "                         origin, when the page itself came from one)\n"
          "      --resolve HOST:PORT:ADDRESS  connect to ADDRESS for HOST:PORT (as curl's;\n"
          "                         repeatable)\n"
          "\n"
          "Converting into a folder (-o DIR/):\n"
          "      --files-from FILE  convert the files listed in FILE (- for standard input),\n"
          "                         one a line, relative to the current folder or to the\n"
          "                         one FOLDER operand\n"
          "  -0, --null             --files-from names end with NUL (find -print0)\n"
          "  -j, --jobs N           N worker processes (default: one per core)\n"
          "      --timeout SECONDS  stop a file taking longer (default 600; 0: no limit)\n"
          "      --force            convert everything, even what is up to date\n"
          "      --report FILE      one JSON line per input and a summary (JSON Lines)\n"
          "      --shard K/N        convert only share K of N (1 <= K <= N), for many machines\n"
          "\n"
          "  -q, --quiet            no warnings\n"
          "  -v, --verbose          say which reader and writer ran, and how long they took\n"
          "      --list-formats     list the readers and writers with their extensions\n"
          "      --version          print the version\n"
          "  -h, --help             print this help\n"
          "\n"
          "Exit status: 0 success, 1 a conversion failed, 2 usage error.\n"
          "See galley(1).\n",
          out);
}

void gl_cli_list_names(FILE *out, bool writers) {
    size_t n;
    if (writers) {
        const gl_writer_entry *w = gl_writers(&n);
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%s%s", i ? ", " : "", w[i].name);
    } else {
        const gl_reader_entry *r = gl_readers(&n);
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%s%s", i ? ", " : "", r[i].name);
    }
}

static int usage_error(FILE *errf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int usage_error(FILE *errf, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("galley: ", errf);
    vfprintf(errf, fmt, ap);
    va_end(ap);
    fputs("\nTry 'galley --help' for more information.\n", errf);
    return GL_EXIT_USAGE;
}

/* A non-negative decimal number made of digits only (no sign, no blanks, no
 * suffix), at most `max`. strtoull alone would accept " -1" as a huge value. */
static bool parse_number(const char *s, unsigned long long max, unsigned long long *out) {
    if (!*s)
        return false;
    unsigned long long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned digit = (unsigned)(*s - '0');
        if (v > (max - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}

static bool parse_length(const char *s, const char *end, double *out);

/* WxH, each a length with its own or the last one's unit ("90x122",
 * "4x6in" = 4in x 6in). */
static bool parse_paper(const char *arg, gl_options *opt) {
    const char *x = strchr(arg, 'x');
    if (!x)
        return false;
    const char *end = arg + strlen(arg), *unit = end;
    while (unit > x + 1 && (unit[-1] < '0' || unit[-1] > '9') && unit[-1] != '.')
        unit--;
    bool own = x > arg && (x[-1] < '0' || x[-1] > '9') && x[-1] != '.';
    char w[64];
    size_t n = (size_t)(x - arg);
    if (n + (size_t)(end - unit) >= sizeof w)
        return false;
    memcpy(w, arg, n);
    if (!own) {
        memcpy(w + n, unit, (size_t)(end - unit));
        n += (size_t)(end - unit);
    }
    return parse_length(w, w + n, &opt->paper_width) &&
           parse_length(x + 1, end, &opt->paper_height);
}

/* A length: a decimal number ("12", "0.5") and a unit, pt, mm (the default)
 * or in; in points. Parsed by hand, as strtod depends on the locale. */
static bool parse_length(const char *s, const char *end, double *out) {
    double v = 0, scale = 1;
    bool digits = false, dot = false;
    for (; s < end && ((*s >= '0' && *s <= '9') || (*s == '.' && !dot)); s++) {
        if (*s == '.') {
            dot = true;
            continue;
        }
        digits = true;
        if (dot)
            scale /= 10;
        v = v * 10 + (*s - '0');
        if (v > 1e7)
            return false;
    }
    v *= scale;
    size_t unit = (size_t)(end - s);
    double per = 72.0 / 25.4;
    if (unit == 2 && memcmp(s, "pt", 2) == 0)
        per = 1;
    else if (unit == 2 && memcmp(s, "in", 2) == 0)
        per = 72;
    else if (!(unit == 0 || (unit == 2 && memcmp(s, "mm", 2) == 0)))
        return false;
    *out = v * per;
    return digits && *out > 0 && *out <= 14400;
}

/* "805306368", "768M", "2G" (K, M, G: powers of 1024; "KiB" and "MB" read
 * as K and M too): at least 16 MiB, below which no document converts, and
 * at most a quarter of the address space; or 0, no limit. */
static bool parse_size(const char *s, size_t *out) {
    size_t digits = strspn(s, "0123456789");
    char number[32];
    if (digits == 0 || digits >= sizeof number)
        return false;
    memcpy(number, s, digits);
    number[digits] = '\0';
    const char *unit = s + digits;
    unsigned shift = 0;
    if (*unit == 'K' || *unit == 'k')
        shift = 10;
    else if (*unit == 'M' || *unit == 'm')
        shift = 20;
    else if (*unit == 'G' || *unit == 'g')
        shift = 30;
    if (shift)
        unit++;
    if (shift && (strcmp(unit, "iB") == 0 || strcmp(unit, "B") == 0))
        unit += strlen(unit);
    unsigned long long v;
    if (*unit || !parse_number(number, (SIZE_MAX / 4) >> shift, &v) ||
        (v != 0 && (v << shift) < ((size_t)16 << 20)))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

static int unknown_format(FILE *errf, const char *what, const char *name, bool writers) {
    fprintf(errf, "galley: unknown %s format '%s'; known: ", what, name);
    gl_cli_list_names(errf, writers);
    fputs("\nTry 'galley --list-formats'.\n", errf);
    return GL_EXIT_USAGE;
}

/* "pdf,text": each name a writer, none twice. */
static int parse_formats(gl_cli_args *args, const char *list, FILE *errf) {
    args->format_count = 0;
    for (const char *p = list;;) {
        size_t len = strcspn(p, ",");
        char name[64];
        if (len == 0 || len >= sizeof name)
            return usage_error(errf, "-t '%s': expected FORMAT or FORMAT,FORMAT...", list);
        memcpy(name, p, len);
        name[len] = '\0';
        const gl_writer_entry *w = gl_writer_by_name(name);
        if (!w)
            return unknown_format(errf, "output", name, true);
        for (size_t i = 0; i < args->format_count; i++)
            if (args->formats[i] == w)
                return usage_error(errf, "-t '%s': %s is listed twice", list, w->name);
        if (args->format_count == GL_CLI_MAX_FORMATS)
            return usage_error(errf, "-t '%s': at most %d formats", list, GL_CLI_MAX_FORMATS);
        args->formats[args->format_count++] = w;
        if (!p[len])
            break;
        p += len + 1;
    }
    args->to = args->formats[0];
    return GL_EXIT_OK;
}

/* "K/N" with 1 <= K <= N. */
static int parse_shard(gl_cli_args *args, const char *arg) {
    const char *slash = strchr(arg, '/');
    char k[16];
    unsigned long long kv, nv;
    size_t klen = slash ? (size_t)(slash - arg) : 0;
    if (!slash || klen == 0 || klen >= sizeof k)
        return GL_EXIT_USAGE;
    memcpy(k, arg, klen);
    k[klen] = '\0';
    if (!parse_number(k, UINT_MAX, &kv) || !parse_number(slash + 1, UINT_MAX, &nv) || kv == 0 ||
        kv > nv)
        return GL_EXIT_USAGE;
    args->shard_index = (unsigned)kv;
    args->shard_count = (unsigned)nv;
    return GL_EXIT_OK;
}

static int add_metadata(gl_cli_args *args, const char *arg, FILE *errf) {
    const char *eq = strchr(arg, '=');
    if (!eq)
        return usage_error(errf, "--metadata '%s': expected KEY=VALUE", arg);
    size_t klen = (size_t)(eq - arg);
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++) {
        if (strlen(meta_keys[i].key) != klen || strncmp(meta_keys[i].key, arg, klen) != 0)
            continue;
        const char *value = eq + 1;
        if (!gl_utf8_valid(value, strlen(value)))
            return usage_error(errf, "--metadata %.*s: the value is not valid UTF-8", (int)klen,
                               arg);
        args->meta[args->meta_count].field = meta_keys[i].field;
        args->meta[args->meta_count].value = value;
        args->meta_count++;
        return GL_EXIT_OK;
    }
    return usage_error(errf,
                       "--metadata: unknown key '%.*s'; known: title, author, byline, date, "
                       "site, lang, url, description",
                       (int)klen, arg);
}

/* Whether getopt's complaint is about the long option in `typed`: getopt
 * leaves argv[optind - 1] at the previous word while inside a bundle ("-qx"),
 * so the word alone cannot tell; optopt is 0 for an unknown long option, else
 * the option's value, and abbreviations ("--verb") count. */
static bool is_long(const char *typed, int value) {
    if (strncmp(typed, "--", 2) != 0)
        return false;
    if (value == 0)
        return true;
    size_t len = strcspn(typed + 2, "=");
    for (const struct option *o = long_options; o->name; o++)
        if (o->val == value && strncmp(o->name, typed + 2, len) == 0)
            return true;
    return false;
}

/* The option as the user typed it, for messages. */
static bool name_option(char *buf, size_t size, char **argv) {
    const char *typed = optind > 0 ? argv[optind - 1] : "";
    if (is_long(typed, optopt)) {
        snprintf(buf, size, "%.*s", (int)strcspn(typed, "="), typed);
        return true;
    }
    snprintf(buf, size, "-%c", optopt);
    return false;
}

/* What parse_options remembers from one option to the next. */
typedef struct parse_state {
    bool width_given, font_size_given;
    bool align_given; /* --ragged or --justify: the preset leaves the alignment alone */
} parse_state;

/* An option parse_option_* does not know: the next one is asked. */
#define NOT_MINE (-1)

/* The text and PDF writers' options. GL_EXIT_OK, GL_EXIT_USAGE (said), or
 * NOT_MINE. */
static int parse_layout_option(gl_cli_args *args, gl_options *opt, int c, parse_state *ps,
                               FILE *errf) {
    unsigned long long n;
    switch (c) {
    case OPT_WIDTH:
        if (!parse_number(optarg, UINT_MAX, &n))
            return usage_error(errf, "--width '%s': expected a number of columns (0: no wrap)",
                               optarg);
        opt->width = (unsigned)n;
        ps->width_given = true;
        break;
    case OPT_LINKS:
        if (strcmp(optarg, "refs") == 0)
            opt->links = GL_LINKS_REFS;
        else if (strcmp(optarg, "inline") == 0)
            opt->links = GL_LINKS_INLINE;
        else if (strcmp(optarg, "none") == 0)
            opt->links = GL_LINKS_NONE;
        else
            return usage_error(errf, "--links '%s': expected refs, inline or none", optarg);
        break;
    case OPT_BODY_ONLY:
        opt->body_only = true;
        break;
    case OPT_PAPER:
        if (strcmp(optarg, "a4") == 0)
            opt->paper = GL_PAPER_A4;
        else if (strcmp(optarg, "letter") == 0)
            opt->paper = GL_PAPER_LETTER;
        else if (strcmp(optarg, "a5") == 0)
            opt->paper = GL_PAPER_A5;
        else if (strcmp(optarg, "a6") == 0)
            opt->paper = GL_PAPER_A6;
        else if (parse_paper(optarg, opt))
            opt->paper = GL_PAPER_CUSTOM;
        else
            return usage_error(errf, "--paper '%s': expected a4, letter, a5, a6 or WxH", optarg);
        break;
    case OPT_MARGIN:
        if (!parse_length(optarg, optarg + strlen(optarg), &opt->margin))
            return usage_error(errf, "--margin '%s': expected a length such as 15, 12mm, 36pt",
                               optarg);
        break;
    case OPT_RAGGED:
    case OPT_JUSTIFY: /* the last one given wins */
        opt->ragged = c == OPT_RAGGED;
        ps->align_given = true;
        break;
    case OPT_FONT_SIZE: {
        /* Points unless a unit says otherwise. */
        char pts[64];
        size_t len = strlen(optarg);
        bool bare =
            len && ((optarg[len - 1] >= '0' && optarg[len - 1] <= '9') || optarg[len - 1] == '.');
        if (len + 3 > sizeof pts ||
            snprintf(pts, sizeof pts, "%s%s", optarg, bare ? "pt" : "") < 0 ||
            !parse_length(pts, pts + strlen(pts), &opt->font_size) || opt->font_size < 4 ||
            opt->font_size > 72)
            return usage_error(errf, "--font-size '%s': expected a size from 4 to 72 (points)",
                               optarg);
        ps->font_size_given = true;
        break;
    }
    case OPT_FONT_FAMILY:
        if (!*optarg)
            return usage_error(errf, "--font-family needs a family name");
        opt->font_family = optarg;
        break;
    case OPT_PRESET:
        if (strcmp(optarg, "ereader") != 0)
            return usage_error(errf, "--preset '%s': expected ereader", optarg);
        opt->paper = GL_PAPER_CUSTOM;
        opt->paper_width = 90 * 72.0 / 25.4;
        opt->paper_height = 122 * 72.0 / 25.4;
        opt->margin = 5 * 72.0 / 25.4;
        args->preset = optarg; /* text: --width 0, unless --width is given */
        break;
    case OPT_ASCII:
        opt->ascii = true;
        break;
    case OPT_NO_SMART:
        opt->no_smart = true;
        break;
    case OPT_EOL:
        if (strcmp(optarg, "lf") != 0 && strcmp(optarg, "crlf") != 0)
            return usage_error(errf, "--eol '%s': expected lf or crlf", optarg);
        opt->crlf = strcmp(optarg, "crlf") == 0;
        break;
    default:
        return NOT_MINE;
    }
    return GL_EXIT_OK;
}

/* Converting into a folder (src/cli/batch.c). */
static int parse_batch_option(gl_cli_args *args, int c, FILE *errf) {
    unsigned long long n;
    switch (c) {
    case OPT_FILES_FROM:
        if (!*optarg)
            return usage_error(errf, "--files-from: empty file name (use - for standard input)");
        args->files_from = optarg;
        break;
    case '0':
        args->null_separated = true;
        break;
    case 'j':
        if (!parse_number(optarg, 4096, &n) || n == 0)
            return usage_error(errf, "-j '%s': expected a number of workers from 1 to 4096",
                               optarg);
        args->jobs = (unsigned)n;
        break;
    case OPT_TIMEOUT:
        if (!parse_number(optarg, 86400 * 365, &n))
            return usage_error(errf, "--timeout '%s': expected seconds (0: no limit)", optarg);
        args->timeout = (unsigned)n;
        break;
    case OPT_FORCE:
        args->force = true;
        break;
    case OPT_REPORT:
        if (!*optarg)
            return usage_error(errf, "--report: empty file name");
        args->report = optarg;
        break;
    case OPT_SHARD:
        if (parse_shard(args, optarg) != GL_EXIT_OK)
            return usage_error(errf, "--shard '%s': expected K/N with 1 <= K <= N (e.g. 2/8)",
                               optarg);
        break;
    default:
        return NOT_MINE;
    }
    return GL_EXIT_OK;
}

/* Fetching images (issue 18): what to fetch, how much, from where. */
static int parse_fetch_option(gl_cli_args *args, gl_options *opt, int c, FILE *errf) {
    unsigned long long n;
    switch (c) {
    case OPT_FETCH_IMAGES:
        args->fetch_images = true;
        break;
    case OPT_MAX_IMAGE_BYTES:
    case OPT_MAX_IMAGES_BYTES:
        if (!parse_number(optarg, SIZE_MAX / 2, &n) || n == 0)
            return usage_error(errf, "--max-image%s-bytes '%s': expected a number of bytes above 0",
                               c == OPT_MAX_IMAGES_BYTES ? "s" : "", optarg);
        *(c == OPT_MAX_IMAGE_BYTES ? &opt->max_image_bytes : &opt->max_images_bytes) = (size_t)n;
        break;
    case OPT_ALLOW_PRIVATE_NETWORK:
        opt->allow_private_network = true;
        break;
    case OPT_RESOLVE: {
        /* HOST:PORT:ADDRESS, the address possibly an IPv6 one in brackets. */
        const char *port = strchr(optarg, ':');
        const char *addr = port ? strchr(port + 1, ':') : NULL;
        char digits[8] = "";
        size_t plen = addr ? (size_t)(addr - port - 1) : 0;
        if (plen && plen < sizeof digits)
            memcpy(digits, port + 1, plen);
        if (!addr || port == optarg || !addr[1] || !parse_number(digits, 65535, &n) || n == 0)
            return usage_error(errf, "--resolve '%s': expected HOST:PORT:ADDRESS", optarg);
        args->resolve[args->resolve_count++] = optarg;
        opt->resolve = (const char *const *)args->resolve;
        break;
    }
    default:
        return NOT_MINE;
    }
    return GL_EXIT_OK;
}

/* Everything else: formats, output, metadata, reading, --combine, what to
 * do. */
static int parse_other_option(gl_cli_args *args, gl_options *opt, int c, char **argv, FILE *errf) {
    unsigned long long n;
    char name[64];
    switch (c) {
    case 'f':
        args->from = gl_reader_by_name(optarg);
        if (!args->from)
            return unknown_format(errf, "input", optarg, false);
        break;
    case 't':
        if (parse_formats(args, optarg, errf) != GL_EXIT_OK)
            return GL_EXIT_USAGE;
        break;
    case 'o':
        if (!*optarg)
            return usage_error(errf, "-o: empty output path");
        args->output = optarg;
        break;
    case OPT_BASE_URL:
        opt->base_url = optarg;
        break;
    case OPT_NOW: {
        long long t;
        if (parse_number(optarg, LLONG_MAX, &n))
            t = (long long)n;
        else if (!gl_iso_date_epoch(optarg, &t) || t < 0)
            return usage_error(errf,
                               "--now '%s': expected seconds since 1970 or an ISO 8601 "
                               "date (2026-01-01T00:00:00Z)",
                               optarg);
        opt->now = t;
        break;
    }
    case OPT_METADATA:
        if (add_metadata(args, optarg, errf) != GL_EXIT_OK)
            return GL_EXIT_USAGE;
        break;
    case OPT_STRICT:
        opt->strict = true;
        break;
    case OPT_COMBINE:
        args->combine = true;
        break;
    case OPT_SORT:
        if (strcmp(optarg, "date") == 0)
            args->sort = GL_CLI_SORT_DATE;
        else if (strcmp(optarg, "path") == 0)
            args->sort = GL_CLI_SORT_PATH;
        else if (strcmp(optarg, "args") == 0)
            args->sort = GL_CLI_SORT_ARGS;
        else
            return usage_error(errf, "--sort '%s': expected date, path or args", optarg);
        break;
    case OPT_COVER:
        if (!*optarg)
            return usage_error(errf, "--cover: expected a PNG or JPEG file");
        opt->cover = optarg;
        break;
    case OPT_TITLE:
        if (!*optarg || !gl_utf8_valid(optarg, strlen(optarg)))
            return usage_error(errf, "--title: expected a title in UTF-8");
        args->title = optarg;
        break;
    case OPT_WHOLE:
        opt->whole_page = true;
        break;
    case OPT_EXPLAIN:
        opt->explain = true;
        break;
    case OPT_FETCH_TIMEOUT:
        if (!parse_number(optarg, 86400, &n))
            return usage_error(errf, "--fetch-timeout '%s': expected seconds (0: no limit)",
                               optarg);
        opt->fetch_timeout = (unsigned)n;
        break;
    case OPT_MAX_INPUT:
        if (!parse_number(optarg, SIZE_MAX / 2, &n) || n == 0)
            return usage_error(errf, "--max-input '%s': expected a number of bytes above 0",
                               optarg);
        opt->max_input = (size_t)n;
        break;
    case OPT_MAX_MEMORY:
        if (!parse_size(optarg, &opt->max_memory))
            return usage_error(errf,
                               "--max-memory '%s': expected a size of at least 16M (bytes, or "
                               "with K, M or G), or 0 for no limit",
                               optarg);
        break;
    case 'q':
        args->quiet = true;
        break;
    case 'v':
        args->verbose = true;
        break;
    case 'h':
        args->action = GL_CLI_HELP;
        break;
    case OPT_VERSION:
        args->action = GL_CLI_VERSION;
        break;
    case OPT_LIST_FORMATS:
        args->action = GL_CLI_LIST_FORMATS;
        break;
    case ':':
        name_option(name, sizeof name, argv);
        return usage_error(errf, "option '%s' needs an argument", name);
    default:
        if (name_option(name, sizeof name, argv) && optopt != 0)
            return usage_error(errf, "option '%s' takes no argument", name);
        return usage_error(errf, "unknown option '%s'", name);
    }
    return GL_EXIT_OK;
}

static int parse_options(gl_cli_args *args, gl_options *opt, int argc, char **argv, FILE *errf) {
    parse_state ps = {false, false};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        int rc = parse_layout_option(args, opt, c, &ps, errf);
        if (rc == NOT_MINE)
            rc = parse_batch_option(args, c, errf);
        if (rc == NOT_MINE)
            rc = parse_fetch_option(args, opt, c, errf);
        if (rc == NOT_MINE)
            rc = parse_other_option(args, opt, c, argv, errf);
        if (rc != GL_EXIT_OK)
            return rc;
    }
    /* A reflowing reader wraps by itself: one line a paragraph, unless
     * --width says otherwise. */
    if (args->preset && !ps.width_given)
        opt->width = 0;
    /* A 6-inch screen's 80 mm column: 10 pt DejaVu Serif (large on its
     * body) holds about 42 characters a line, within the 40 to 45 that
     * narrow measures and e-readers' defaults keep; 12 pt held 35, too
     * few words a line to justify without wide gaps. */
    if (args->preset && !ps.font_size_given)
        opt->font_size = 10;
    /* Ragged right (hyphenated) throughout: at 42 characters a line, total
     * fit can justify only about one paragraph in five within the
     * tolerance (9 of the seed's 48 full lines), and the rest, set ragged
     * by the fallback, alternated with them on one page. --justify asks
     * for justification as on A4, with that fallback. */
    if (args->preset && !ps.align_given)
        opt->ragged = true;
    return GL_EXIT_OK;
}

int gl_cli_parse(gl_cli_args *args, gl_options *opt, int argc, char **argv,
                 const char *source_date_epoch, const char *fail_write_after, FILE *errf) {
    memset(args, 0, sizeof *args);
    args->timeout = GL_CLI_DEFAULT_TIMEOUT;
    /* Each --metadata and --resolve takes at least one argv slot: argc bounds
     * their count. */
    args->meta = calloc((size_t)argc + 1, sizeof *args->meta);
    args->resolve = calloc((size_t)argc + 1, sizeof *args->resolve);
    if (!args->meta || !args->resolve) {
        fputs("galley: out of memory\n", errf);
        return GL_EXIT_FAILED;
    }
    int rc = parse_options(args, opt, argc, argv, errf);
    if (rc != GL_EXIT_OK)
        return rc;
    args->inputs = argv + optind;
    args->input_count = (size_t)(argc - optind);

    unsigned long long n;
    if (source_date_epoch) {
        if (!parse_number(source_date_epoch, LLONG_MAX, &n))
            return usage_error(errf,
                               "SOURCE_DATE_EPOCH='%s': expected seconds since 1970 (digits only)",
                               source_date_epoch);
        opt->source_date_epoch = (long long)n;
    }
    if (fail_write_after) {
        if (!parse_number(fail_write_after, SIZE_MAX, &n))
            return usage_error(errf, "GALLEY_TEST_FAIL_WRITE_AFTER='%s': expected a byte count",
                               fail_write_after);
        args->fail_write = true;
        args->fail_write_after = (size_t)n;
    }
    /* As pandoc and cat: no input named reads standard input. */
    static char *const standard_input[] = {"-", NULL};
    if (args->action == GL_CLI_CONVERT && args->input_count == 0 && !args->files_from) {
        args->inputs = (char **)standard_input;
        args->input_count = 1;
        args->implicit_stdin = true;
    }
    return GL_EXIT_OK;
}

gl_status gl_cli_apply_metadata(gl_doc *doc, const gl_cli_args *a, gl_error *err) {
    static const char source[] = "command line";
    bool authors_cleared = false;
    for (size_t i = 0; i < a->meta_count; i++) {
        const gl_cli_meta *m = &a->meta[i];
        size_t len = strlen(m->value);
        gl_status st = GL_OK;
        if (m->field == GL_META_BYLINE) {
            /* The first author replaces the reader's list; later ones add. */
            if (!authors_cleared)
                gl_doc_clear_meta(doc, GL_META_BYLINE);
            authors_cleared = true;
            if (len)
                st = gl_doc_add_author(doc, m->value, len, source);
        } else {
            /* A date given here replaces the source's wording of it too. */
            if (m->field == GL_META_DATE)
                gl_doc_clear_meta(doc, GL_META_DATE_TEXT);
            if (len)
                st = gl_doc_set_meta(doc, m->field, m->value, len, source);
            else
                gl_doc_clear_meta(doc, m->field);
        }
        if (st != GL_OK)
            return gl_fail(err, st, 0, "cannot set --metadata %s: %s", gl_meta_field_name(m->field),
                           gl_status_text(st));
    }
    return GL_OK;
}

void gl_cli_args_free(gl_cli_args *args) {
    free(args->meta);
    args->meta = NULL;
    free(args->resolve);
    args->resolve = NULL;
}

void gl_cli_vsay(const char *file, unsigned long line, const char *fmt, va_list ap) {
    fputs("galley: ", stderr);
    if (file && *file) {
        if (line)
            fprintf(stderr, "%s:%lu: ", file, line);
        else
            fprintf(stderr, "%s: ", file);
    }
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}
