/* Finding an article's publication date in a page (docs/extraction.md):
 * which of the places a page states dates in to believe, in which order,
 * and how to read the dates written there in several languages and forms,
 * as htmldate does. Reading one date is util/date.c's; this file picks it. */
#ifndef GL_READERS_DATES_H
#define GL_READERS_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/HTMLtree.h>
#include "util/buf.h"
#include "util/date.h"

/* Where the page states dates, as metadata.c gathered them in one walk.
 * Every pointer points into the DOM (or is static) and may be NULL. */
typedef struct gl_date_clues {
    const char *ld_date;              /* JSON-LD datePublished of the article object */
    const char *ld_any_date;          /* JSON-LD datePublished of any other object */
    const char *meta_date;            /* the best <meta> publication date ... */
    const char *meta_date_key;        /* ... and the name or property that gave it */
    const char *itemprop_date;        /* itemprop=datePublished */
    const char *time_pub;             /* <time pubdate> or class published */
    const char *time_first;           /* the first <time datetime> */
    const xmlNode *const *date_nodes; /* elements whose class/id speak of a date */
    size_t ndate;
    size_t ndate_before_h1;    /* how many of them come before the first <h1> */
    const char *const *stamps; /* meta contents that read as timestamps */
    size_t nstamps;
    const xmlNode *const *code; /* scripts, where pages keep their own clock's time */
    size_t ncode;
    const xmlNode *body;     /* <body>, or NULL */
    const xmlNode *first_h1; /* the first <h1> in the body, or NULL */
    const char *url;         /* the page's URL (canonical or given), or NULL */
    bool day_first;          /* the page's language writes 05/11 as 5 November */
    long long now;           /* seconds since 1970: no date after it (and a day) is taken */
} gl_date_clues;

/* The date found. */
typedef struct gl_date_found {
    char iso[GL_DATE_ISO_MAX]; /* for GL_META_DATE, in gl_date_parse's form */
    /* The date's text as the page wrote it (to clean before showing), or
     * NULL: then `iso` is also the text when `text_is_iso`, and there is no
     * text otherwise (a date read from the URL). Points into the DOM or
     * into the `scratch` buffer given to gl_dates_find. */
    const char *text;
    bool text_is_iso;
    char source[96]; /* where it came from ("JSON-LD datePublished") */
} gl_date_found;

/* Looks for the publication date in the places `c` names, best first, and
 * fills `out` with the first plausible one: not after c->now plus a day,
 * not before 1990 (1900 for a machine-readable field). Returns whether one
 * was found. Uses `scratch` for element text; a failed append leaves
 * `scratch->status` set, which the caller checks. */
bool gl_dates_find(const gl_date_clues *c, gl_date_found *out, gl_buf *scratch);

/* Whether pages in language `lang` (BCP 47, may be NULL) write numeric
 * dates day first: all but US English (and plain "en", mostly American on
 * the web). */
bool gl_dates_day_first(const char *lang);

/* One date in s[0..len) (a value or an element's text): the whole string
 * first, then windows of up to six words (only those opening the text when
 * `lead_only`), month names read in several languages; a two-digit year is
 * the century's that does not put it after `now`. Writes gl_date_parse's
 * form to `iso`. */
bool gl_dates_in_text(const char *s, size_t len, bool day_first, bool lead_only, long long now,
                      char iso[GL_DATE_ISO_MAX]);

/* The string value of the first `"key": "..."` in the text s[0..len), JSON
 * or not (a script's object literal, JSON that does not parse), into
 * out[cap] (cut at cap); "" when there is none. */
void gl_dates_json_value(const char *s, size_t len, const char *key, char *out, size_t cap);

#endif
