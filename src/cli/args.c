#include "cli/args.h"

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util/utf8.h"

/* Long-only options get values above any character. */
enum {
    OPT_BASE_URL = 256,
    OPT_WIDTH,
    OPT_LINKS,
    OPT_BODY_ONLY,
    OPT_PAPER,
    OPT_METADATA,
    OPT_STRICT,
    OPT_MAX_INPUT,
    OPT_WHOLE,
    OPT_EXPLAIN,
    OPT_VERSION,
    OPT_LIST_FORMATS
};

static const struct option long_options[] = {
    {"from", required_argument, NULL, 'f'},
    {"to", required_argument, NULL, 't'},
    {"output", required_argument, NULL, 'o'},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"links", required_argument, NULL, OPT_LINKS},
    {"body-only", no_argument, NULL, OPT_BODY_ONLY},
    {"paper", required_argument, NULL, OPT_PAPER},
    {"metadata", required_argument, NULL, OPT_METADATA},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"max-input", required_argument, NULL, OPT_MAX_INPUT},
    {"whole", no_argument, NULL, OPT_WHOLE},
    {"no-extract", no_argument, NULL, OPT_WHOLE},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {"list-formats", no_argument, NULL, OPT_LIST_FORMATS},
    {NULL, 0, NULL, 0},
};

/* The leading ':' makes getopt report a missing argument as ':' and stay
 * quiet, so every message has our "galley: " form. */
static const char short_options[] = ":f:t:o:qvh";

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
          "Convert HTML and Markdown to plain text, XHTML, JSON or PDF.\n"
          "INPUT is a file, a folder (converted recursively into -o DIR) or - for stdin.\n"
          "\n"
          "  -f, --from FORMAT      input format (default: by extension, then by content)\n"
          "  -t, --to FORMAT        output format (default: by -o's extension, else text)\n"
          "  -o, --output FILE|DIR  write to FILE, or into DIR (a trailing / or an existing\n"
          "                         folder); - or no -o: standard output\n"
          "      --base-url URL     resolve relative links and images against URL\n"
          "      --width N          text: wrap at column N (0: no wrapping; default 72)\n"
          "      --links STYLE      text: refs (default), inline or none\n"
          "      --body-only        text: no header block and no reference list\n"
          "      --paper SIZE       pdf: a4 (default), letter or a5\n"
          "      --metadata KEY=VALUE  set title, author, date, site, lang, url or\n"
          "                         description (repeatable; an empty VALUE removes it)\n"
          "      --whole, --no-extract  HTML: convert the whole page, not the article alone\n"
          "      --explain          HTML: say on stderr which part of the page was kept and\n"
          "                         where the title, byline and date came from\n"
          "      --strict           invalid UTF-8 in an input is an error\n"
          "      --max-input BYTES  refuse inputs larger than BYTES (default 67108864)\n"
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

static int unknown_format(FILE *errf, const char *what, const char *name, bool writers) {
    fprintf(errf, "galley: unknown %s format '%s'; known: ", what, name);
    gl_cli_list_names(errf, writers);
    fputs("\nTry 'galley --list-formats'.\n", errf);
    return GL_EXIT_USAGE;
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

static int parse_options(gl_cli_args *args, gl_options *opt, int argc, char **argv, FILE *errf) {
    unsigned long long n;
    char name[64];
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        switch (c) {
        case 'f':
            args->from = gl_reader_by_name(optarg);
            if (!args->from)
                return unknown_format(errf, "input", optarg, false);
            break;
        case 't':
            args->to = gl_writer_by_name(optarg);
            if (!args->to)
                return unknown_format(errf, "output", optarg, true);
            break;
        case 'o':
            if (!*optarg)
                return usage_error(errf, "-o: empty output path");
            args->output = optarg;
            break;
        case OPT_BASE_URL:
            opt->base_url = optarg;
            break;
        case OPT_WIDTH:
            if (!parse_number(optarg, UINT_MAX, &n))
                return usage_error(errf, "--width '%s': expected a number of columns (0: no wrap)",
                                   optarg);
            opt->width = (unsigned)n;
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
            else
                return usage_error(errf, "--paper '%s': expected a4, letter or a5", optarg);
            break;
        case OPT_METADATA:
            if (add_metadata(args, optarg, errf) != GL_EXIT_OK)
                return GL_EXIT_USAGE;
            break;
        case OPT_STRICT:
            opt->strict = true;
            break;
        case OPT_WHOLE:
            opt->whole_page = true;
            break;
        case OPT_EXPLAIN:
            opt->explain = true;
            break;
        case OPT_MAX_INPUT:
            if (!parse_number(optarg, SIZE_MAX / 2, &n) || n == 0)
                return usage_error(errf, "--max-input '%s': expected a number of bytes above 0",
                                   optarg);
            opt->max_input = (size_t)n;
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
    }
    return GL_EXIT_OK;
}

int gl_cli_parse(gl_cli_args *args, gl_options *opt, int argc, char **argv,
                 const char *source_date_epoch, const char *fail_write_after, FILE *errf) {
    memset(args, 0, sizeof *args);
    /* Each --metadata takes at least one argv slot: argc bounds their count. */
    args->meta = calloc((size_t)argc + 1, sizeof *args->meta);
    if (!args->meta) {
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
    if (args->action == GL_CLI_CONVERT && args->input_count == 0)
        return usage_error(errf, "no input: give a file, a folder, or - for standard input");
    return GL_EXIT_OK;
}

void gl_cli_args_free(gl_cli_args *args) {
    free(args->meta);
    args->meta = NULL;
}
