/* Dates as articles print them, turned into ISO 8601. Shared by the readers. */
#ifndef GL_UTIL_DATE_H
#define GL_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include "galley/doc.h"
#include "galley/error.h"

/* Room for the longest form gl_date_parse writes ("2014-11-12T10:00:00.123456789+03:00")
 * and its NUL. */
#define GL_DATE_ISO_MAX 40

/* Recognises exactly one date in s[0..len) (whitespace around it allowed, nothing else):
 *   "November 12, 2014"  "Nov. 12, 2014"  "Nov 12, 2014"  "Wednesday, November 12th, 2014"
 *   "12 November 2014"   "12 Nov. 2014"   "2014-11-12"    "2014/11/12"
 *   "2014-11-12T10:00:00+03:00"  "2014-11-12 10:00:00 +0300"  "2014-11-12T10:00Z"
 * Month and weekday names are English, full or abbreviated, in any case.
 * Writes the ISO form to `iso`: "2014-11-12" for a date; for a timestamp the time as
 * stated, in the extended format ("2014-11-12T10:00:00+03:00"): the offset is kept and
 * never converted to UTC, and a timestamp without an offset stays without one.
 * Returns GL_OK, or GL_EPARSE (and "" in `iso`) when the text is not one valid date;
 * impossible dates (February 30, month 13) are refused. */
gl_status gl_date_parse(const char *s, size_t len, char iso[GL_DATE_ISO_MAX]);

/* Room for a date shown to people ("12 ноября 2014 г.", "2014年11月12日") and its NUL. */
#define GL_DATE_SHOWN_MAX 96

/* The date as a header shows it to a reader: the text as the source wrote it,
 * unless that is a machine form (a meta tag's "2014-11-12T10:00:00+03:00"),
 * then the calendar date of GL_META_DATE written for people in the
 * document's language, from CLDR's long date format: "November 12, 2014"
 * for English without a region or for en-US (and a document without a
 * language), from the C locale's month names; for any other language or
 * region through ICU in its module (util/date_icu.h), loaded only then:
 * "12 November 2014" (en-GB), "12 ноября 2014 г." (ru). Should the module
 * fail to load or know the language, the ISO calendar date
 * ("2014-11-12"). Points into the document or into `buf`; NULL when the
 * document has no date. Shared by the writers; JSON and metadata keep the
 * ISO form. */
const char *gl_date_display(const gl_doc *doc, char buf[GL_DATE_SHOWN_MAX]);

/* Whether gl_date_display reads the document's language: it writes a
 * machine date for people (not the source's own text, and not nothing).
 * A caller that shows no other language-dependent thing can skip guessing
 * the language when this is false. */
bool gl_date_display_uses_lang(const gl_doc *doc);

/* Seconds since 1970 (UTC) of an ISO 8601 date as GL_META_DATE holds it
 * ("2014-11-12", "2014-11-12T10:00:00+03:00"; no offset means UTC). Returns
 * false when `iso` is not such a date. Shared with the book's sorting. */
bool gl_iso_date_epoch(const char *iso, long long *out);

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d, negative
 * before it (Howard Hinnant's days_from_civil). */
long long gl_days_from_civil(long long y, int m, int d);

/* A calendar date and time split into fields. */
typedef struct gl_date_fields {
    int year, month, day; /* 1-12, 1-31 */
    int hour, min, sec;   /* 0 when the date has no time */
    char zone;            /* 'Z': UTC; '+' or '-': off_hour:off_min from UTC; ' ': none stated */
    int off_hour, off_min;
} gl_date_fields;

/* Seconds since 1970 to UTC fields (Howard Hinnant's civil_from_days), zone
 * 'Z'; any `t`, before 1970 too. For the dates writers record. */
gl_date_fields gl_date_from_epoch(long long t);

/* Splits an ISO 8601 date as GL_META_DATE holds it:
 * YYYY-MM-DD[(T|t|space)HH:MM[:SS[.fraction]][Z|z|+HH:MM|-HH:MM|+HHMM]] (a
 * space only before a digit), the offset kept as stated. True only for a
 * real date and time: year 1-9999, the month's days (February 29 in leap
 * years), hour 0-23, minutes and seconds 0-59, offset up to 23:59. */
bool gl_date_split(const char *iso, gl_date_fields *out);

#endif
