/* Finding the publication date of a page (dates.h). The order of places
 * follows htmldate: JSON-LD and <meta> first, then itemprop, <time>,
 * date-classed elements, the URL, the text near the headline, any short
 * text. Every date is checked plausible against the conversion's "now". */
#include "readers/dates.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "readers/dom.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int parse_year(const char *iso) {
    return (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
}

/* Not in the future (a day of slack for time zones), not before 1990
 * unless `old_ok` (the page states it in a machine-readable field). */
static bool plausible(const char *iso, bool old_ok, long long now) {
    int y = parse_year(iso);
    if (y < (old_ok ? 1900 : 1990))
        return false;
    /* "now", not SOURCE_DATE_EPOCH: that fixes what outputs record, and
     * may well be older than the page. */
    time_t later = (time_t)(now + 86400);
    struct tm tm;
    if (!gmtime_r(&later, &tm))
        return true;
    char max[48];
    snprintf(max, sizeof max, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return strncmp(iso, max, 10) <= 0;
}

/* One separator of a numeric date at s[*i]: '.', '/', '-' or '|', the
 * same as the first one (`*sep` 0 until then); spaces may stand on both
 * sides of it ("26 | 01 | 2022"), or on either side of a bar. */
static bool date_separator(const char *s, size_t len, size_t *i, char *sep) {
    size_t k = *i, before = 0, after = 0;
    while (k < len && s[k] == ' ')
        k++, before++;
    if (k >= len || (s[k] != '.' && s[k] != '/' && s[k] != '-' && s[k] != '|'))
        return false;
    if (*sep && s[k] != *sep)
        return false;
    char c = s[k++];
    while (k < len && s[k] == ' ')
        k++, after++;
    if (c != '|' && (before > 0) != (after > 0))
        return false; /* "19 -11" is a range, not a date */
    *sep = c;
    *i = k;
    return true;
}

/* Numeric day-first and month-first forms gl_date_parse leaves out:
 * "19.11.2019", "19/11/2019", "11/19/2019", "26 | 01 | 2022" (separators
 * '.', '/', '-' or '|', spaces around them allowed). A dot or a bar is
 * day first; with '/' or '-', the order is the one that can be a date,
 * and when both can, `day_first` (the page's language) decides. */
static bool numeric_date(const char *s, size_t len, bool day_first, char iso[GL_DATE_ISO_MAX]) {
    int a = 0, b = 0, y = 0;
    size_t i = 0, na = 0, nb = 0, ny = 0;
    char sep = 0;
    while (i < len && is_digit(s[i]) && na < 2)
        a = a * 10 + s[i++] - '0', na++;
    if (!na || !date_separator(s, len, &i, &sep))
        return false;
    while (i < len && is_digit(s[i]) && nb < 2)
        b = b * 10 + s[i++] - '0', nb++;
    if (!nb || !date_separator(s, len, &i, &sep))
        return false;
    while (i < len && is_digit(s[i]) && ny < 4)
        y = y * 10 + s[i++] - '0', ny++;
    if (ny != 4 || i != len)
        return false;
    int d, mo;
    if (sep == '.' || sep == '|')
        d = a, mo = b;
    else if (b > 12)
        d = b, mo = a;
    else if (a > 12 || day_first)
        d = a, mo = b;
    else
        mo = a, d = b; /* US order when both could be the month */
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
    return gl_date_parse(buf, strlen(buf), iso) == GL_OK;
}

/* Month names of the languages pages are most often written in, mapped to
 * the English ones gl_date_parse reads. */
static const struct {
    const char *name, *en;
} foreign_months[] = {
    {"januar", "january"},
    {"j\xC3\xA4nner", "january"},
    {"janvier", "january"},
    {"janv", "january"},
    {"enero", "january"},
    {"gennaio", "january"},
    {"janeiro", "january"},
    {"januari", "january"},
    {"februar", "february"},
    {"f\xC3\xA9"
     "vrier",
     "february"},
    {"fevrier", "february"},
    {"f\xC3\xA9"
     "vr",
     "february"},
    {"febrero", "february"},
    {"febbraio", "february"},
    {"fevereiro", "february"},
    {"februari", "february"},
    {"m\xC3\xA4rz", "march"},
    {"m\xC3\xA4r", "march"},
    {"mrz", "march"},
    {"mars", "march"},
    {"marzo", "march"},
    {"mar\xC3\xA7o", "march"},
    {"maart", "march"},
    {"avril", "april"},
    {"avr", "april"},
    {"abril", "april"},
    {"aprile", "april"},
    {"mai", "may"},
    {"mayo", "may"},
    {"maggio", "may"},
    {"maio", "may"},
    {"mei", "may"},
    {"juni", "june"},
    {"juin", "june"},
    {"junio", "june"},
    {"giugno", "june"},
    {"junho", "june"},
    {"juli", "july"},
    {"juillet", "july"},
    {"juil", "july"},
    {"julio", "july"},
    {"luglio", "july"},
    {"julho", "july"},
    {"ao\xC3\xBBt", "august"},
    {"aout", "august"},
    {"agosto", "august"},
    {"augustus", "august"},
    {"septembre", "september"},
    {"septiembre", "september"},
    {"setiembre", "september"},
    {"settembre", "september"},
    {"setembro", "september"},
    {"oktober", "october"},
    {"okt", "october"},
    {"octobre", "october"},
    {"octubre", "october"},
    {"ottobre", "october"},
    {"outubro", "october"},
    {"noviembre", "november"},
    {"novembre", "november"},
    {"novembro", "november"},
    {"dezember", "december"},
    {"dez", "december"},
    {"d\xC3\xA9"
     "cembre",
     "december"},
    {"decembre", "december"},
    {"d\xC3\xA9"
     "c",
     "december"},
    {"diciembre", "december"},
    {"dicembre", "december"},
    {"dezembro", "december"},
    /* Russian, in the genitive of dates ("15 августа 2016") and as named */
    {"\xD1\x8F\xD0\xBD\xD0\xB2\xD0\xB0\xD1\x80\xD1\x8F", "january"},          /* января */
    {"\xD1\x8F\xD0\xBD\xD0\xB2\xD0\xB0\xD1\x80\xD1\x8C", "january"},          /* январь */
    {"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD0\xB0\xD0\xBB\xD1\x8F", "february"}, /* февраля */
    {"\xD1\x84\xD0\xB5\xD0\xB2\xD1\x80\xD0\xB0\xD0\xBB\xD1\x8C", "february"}, /* февраль */
    {"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0", "march"},                    /* марта */
    {"\xD0\xBC\xD0\xB0\xD1\x80\xD1\x82", "march"},                            /* март */
    {"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB5\xD0\xBB\xD1\x8F", "april"},            /* апреля */
    {"\xD0\xB0\xD0\xBF\xD1\x80\xD0\xB5\xD0\xBB\xD1\x8C", "april"},            /* апрель */
    {"\xD0\xBC\xD0\xB0\xD1\x8F", "may"},                                      /* мая */
    {"\xD0\xBC\xD0\xB0\xD0\xB9", "may"},                                      /* май */
    {"\xD0\xB8\xD1\x8E\xD0\xBD\xD1\x8F", "june"},                             /* июня */
    {"\xD0\xB8\xD1\x8E\xD0\xBD\xD1\x8C", "june"},                             /* июнь */
    {"\xD0\xB8\xD1\x8E\xD0\xBB\xD1\x8F", "july"},                             /* июля */
    {"\xD0\xB8\xD1\x8E\xD0\xBB\xD1\x8C", "july"},                             /* июль */
    {"\xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82\xD0\xB0", "august"},   /* августа */
    {"\xD0\xB0\xD0\xB2\xD0\xB3\xD1\x83\xD1\x81\xD1\x82", "august"},           /* август */
    {"\xD1\x81\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F",
     "september"}, /* сентября */
    {"\xD1\x81\xD0\xB5\xD0\xBD\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8C",
     "september"},                                                            /* сентябрь */
    {"\xD0\xBE\xD0\xBA\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", "october"},  /* октября */
    {"\xD0\xBE\xD0\xBA\xD1\x82\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8C", "october"},  /* октябрь */
    {"\xD0\xBD\xD0\xBE\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8F", "november"},         /* ноября */
    {"\xD0\xBD\xD0\xBE\xD1\x8F\xD0\xB1\xD1\x80\xD1\x8C", "november"},         /* ноябрь */
    {"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB0\xD0\xB1\xD1\x80\xD1\x8F", "december"}, /* декабря */
    {"\xD0\xB4\xD0\xB5\xD0\xBA\xD0\xB0\xD0\xB1\xD1\x80\xD1\x8C", "december"}, /* декабрь */
};

static bool word_char(unsigned char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? true : c >= 0x80;
}

/* The length of a no-break, thin or narrow no-break space at s (U+00A0,
 * U+2009, U+202F: "Bonn,&nbsp;11.10.2021"), else 0. */
static size_t wide_space(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x89 || u[2] == 0xAF))
        return 3;
    return 0;
}

/* Copies s[0..len) into out[cap] with foreign month names in English, no-break spaces as spaces,
 * "23. Juli" as "23 Juli", and the Romance "de"/"del" between date parts
 * dropped. Returns the length written. */
static size_t normalise_months(const char *s, size_t len, char *out, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < len && k + 12 < cap;) {
        size_t sp = wide_space(s + i, len - i);
        if (sp) {
            out[k++] = ' ';
            i += sp;
            continue;
        }
        if (!word_char((unsigned char)s[i]) || (i && word_char((unsigned char)s[i - 1]))) {
            /* "23." before a word: the German ordinal dot goes */
            if (s[i] == '.' && i && is_digit(s[i - 1]) && i + 1 < len && s[i + 1] == ' ' &&
                i + 2 < len && word_char((unsigned char)s[i + 2])) {
                i++;
                continue;
            }
            out[k++] = s[i++];
            continue;
        }
        size_t end = i;
        while (end < len && word_char((unsigned char)s[end]))
            end++;
        size_t n = end - i;
        const char *rep = NULL;
        for (size_t m = 0; m < sizeof foreign_months / sizeof foreign_months[0] && !rep; m++) {
            const char *f = foreign_months[m].name;
            if (strlen(f) != n)
                continue;
            size_t c = 0;
            while (c < n && gl_dom_lower(s[i + c]) == f[c])
                c++;
            if (c == n)
                rep = foreign_months[m].en;
        }
        bool de = (n == 2 && gl_dom_lower(s[i]) == 'd' && gl_dom_lower(s[i + 1]) == 'e') ||
                  (n == 3 && gl_dom_lower(s[i]) == 'd' && gl_dom_lower(s[i + 1]) == 'e' &&
                   gl_dom_lower(s[i + 2]) == 'l');
        if (de) {
            while (end < len && s[end] == ' ')
                end++;
        } else if (rep && strlen(rep) + k < cap) {
            memcpy(out + k, rep, strlen(rep));
            k += strlen(rep);
        } else if (n + k < cap) {
            memcpy(out + k, s + i, n);
            k += n;
        }
        i = end;
    }
    out[k] = '\0';
    return k;
}

/* "02.12.19": a day-first date with a two-digit year, taken only as a
 * whole text (inside a sentence it is as likely a version or a score);
 * the year is this century's unless that would be in the future. */
static bool short_year_date(const char *s, size_t len, long long now, char iso[GL_DATE_ISO_MAX]) {
    size_t i = 0;
    int d = 0, mo = 0, y = 0, nd = 0, nm = 0;
    while (i < len && is_digit(s[i]) && nd < 2)
        d = d * 10 + s[i++] - '0', nd++;
    if (!nd || i >= len || s[i++] != '.')
        return false;
    while (i < len && is_digit(s[i]) && nm < 2)
        mo = mo * 10 + s[i++] - '0', nm++;
    if (!nm || i + 3 != len || s[i] != '.' || !is_digit(s[i + 1]) || !is_digit(s[i + 2]))
        return false;
    y = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", 2000 + y, mo, d);
    if (gl_date_parse(buf, 10, iso) != GL_OK)
        return false;
    time_t t = (time_t)now;
    struct tm tm;
    if (gmtime_r(&t, &tm) && 2000 + y > tm.tm_year + 1900) {
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", 1900 + y, mo, d);
        return gl_date_parse(buf, 10, iso) == GL_OK;
    }
    return true;
}

bool gl_dates_in_text(const char *in, size_t len, bool day_first, bool lead_only, long long now,
                      char iso[GL_DATE_ISO_MAX]) {
    char norm[640];
    len = normalise_months(in, len > 600 ? 600 : len, norm, sizeof norm);
    const char *s = norm;
    while (len && gl_html_space(*s))
        s++, len--;
    while (len && gl_html_space(s[len - 1]))
        len--;
    if (!len)
        return false;
    if (gl_date_parse(s, len, iso) == GL_OK || short_year_date(s, len, now, iso))
        return true;
    /* A timestamp with more after it: "2019-11-19T10:00:00.000+0000" cut
     * to its calendar date. */
    if (len >= 10 && is_digit(s[0]) && is_digit(s[3]) && s[4] == '-' &&
        gl_date_parse(s, 10, iso) == GL_OK && (len == 10 || s[10] == 'T' || s[10] == ' '))
        return true;
    size_t starts[64], ends[64], n = 0;
    for (size_t i = 0; i < len && n < 64;) {
        while (i < len && (gl_html_space(s[i]) || s[i] == '|' || s[i] == '(' || s[i] == ')'))
            i++;
        if (i >= len)
            break;
        starts[n] = i;
        while (i < len && !gl_html_space(s[i]) && s[i] != '|' && s[i] != '(' && s[i] != ')')
            i++;
        ends[n++] = i;
    }
    for (size_t i = 0; i < n && (!lead_only || i == 0); i++) {
        for (size_t w = 6; w >= 1; w--) {
            if (i + w > n)
                continue;
            size_t a = starts[i], b = ends[i + w - 1];
            while (b > a &&
                   (s[b - 1] == ',' || s[b - 1] == '.' || s[b - 1] == ':' || s[b - 1] == ';'))
                b--;
            /* a word must start the date: "Posted:" or "on" do not */
            if (gl_date_parse(s + a, b - a, iso) == GL_OK ||
                numeric_date(s + a, b - a, day_first, iso))
                return true;
        }
    }
    return false;
}

/* A date in the URL: /2014/11/12/, /2014-11-12, /20141112/. */
static bool url_date(const char *url, char iso[GL_DATE_ISO_MAX]) {
    for (const char *p = url; (p = strchr(p, '/'));) {
        p++;
        char buf[16];
        if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
            (p[4] == '/' || p[4] == '-' || p[4] == '_') && is_digit(p[5]) && is_digit(p[6]) &&
            p[7] == p[4] && is_digit(p[8]) && is_digit(p[9]) && !is_digit(p[10])) {
            snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", p, p + 5, p + 8);
        } else if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
                   is_digit(p[4]) && is_digit(p[5]) && is_digit(p[6]) && is_digit(p[7]) &&
                   (p[8] == '/' || p[8] == '-' || p[8] == '_') && (p[0] == '1' || p[0] == '2')) {
            snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", p, p + 4, p + 6);
        } else {
            continue;
        }
        if (gl_date_parse(buf, 10, iso) == GL_OK)
            return true;
    }
    return false;
}

static int digits(const char *p, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return -1;
        v = v * 10 + p[i] - '0';
    }
    return v;
}

enum { NO_OFFSET = 100000 };

/* A timestamp "YYYY-MM-DD[T ]hh:mm:ss[.fff][Z|+hh:mm|+hhmm]" at s[0..len):
 * its wall-clock seconds since 1970 as written, its offset in minutes
 * (NO_OFFSET when none is stated) and its length; 0 when there is none. */
static size_t read_stamp(const char *s, size_t len, long long *wall, int *offset) {
    if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
        s[16] != ':')
        return 0;
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    int hh = digits(s + 11, 2), mi = digits(s + 14, 2), ss = digits(s + 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mi < 0 || mi > 59 ||
        ss < 0 || ss > 60)
        return 0;
    size_t i = 19;
    if (i < len && s[i] == '.')
        for (i++; i < len && is_digit(s[i]); i++)
            ;
    *offset = NO_OFFSET;
    if (i < len && s[i] == 'Z') {
        *offset = 0;
        i++;
    } else if (i + 5 <= len && (s[i] == '+' || s[i] == '-')) {
        bool colon = s[i + 3] == ':';
        int oh = digits(s + i + 1, 2), om = digits(s + i + (colon ? 4 : 3), 2);
        if (oh >= 0 && oh < 24 && om >= 0 && om < 60 && (!colon || i + 6 <= len)) {
            *offset = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
            i += colon ? 6 : 5;
        }
    }
    *wall = gl_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss;
    return i;
}

/* Whether `cand` (wall clock and offset) states the instant `utc` in a
 * local time: a nonzero offset giving the same instant, or no offset and
 * a wall clock a whole quarter-hour offset away (at most 14 hours) from a
 * time that is not on the hour. */
static bool local_of(long long utc, long long wall, int offset, bool naive) {
    if (offset == NO_OFFSET) {
        if (!naive)
            return false;
        /* a whole hour could be chance: minutes or seconds must say it */
        long long diff = wall - utc;
        return utc % 3600 != 0 && diff != 0 && diff % 900 == 0 && diff >= -12 * 3600 &&
               diff <= 14 * 3600;
    }
    return offset != 0 && wall - offset * 60LL == utc;
}

/* First timestamp in s[0..len) that states the instant `utc` in local
 * time; its calendar date and time into `iso`. */
static bool find_local(const char *s, size_t len, long long utc, bool naive,
                       char iso[GL_DATE_ISO_MAX]) {
    for (size_t i = 0; i + 19 <= len; i++) {
        if (!is_digit(s[i]) || (i && is_digit(s[i - 1])) || s[i + 4] != '-')
            continue;
        long long wall;
        int offset;
        size_t n = read_stamp(s + i, len - i, &wall, &offset);
        if (n && local_of(utc, wall, offset, naive) && gl_date_parse(s + i, n, iso) == GL_OK)
            return true;
    }
    return false;
}

/* A page may state its date as a UTC timestamp in one place and as the
 * same instant in its own time zone in another (a meta tag, a script's
 * data). The calendar date the page means is the local one, so that one
 * is taken, never a conversion. `iso` is gl_date_parse's form. */
static bool local_date(const gl_date_clues *c, const char *iso, char out[GL_DATE_ISO_MAX]) {
    long long utc;
    int offset;
    size_t n = read_stamp(iso, strlen(iso), &utc, &offset);
    if (!n || offset != 0)
        return false;
    /* a stated offset first, then a wall clock without one */
    for (int naive = 0; naive < 2; naive++) {
        for (size_t i = 0; i < c->nstamps; i++)
            if (find_local(c->stamps[i], strlen(c->stamps[i]), utc, naive, out))
                return true;
        for (size_t i = 0; i < c->ncode; i++)
            for (const xmlNode *t = c->code[i]->children; t; t = t->next)
                if (t->content && find_local((const char *)t->content,
                                             strlen((const char *)t->content), utc, naive, out))
                    return true;
    }
    return false;
}

void gl_dates_json_value(const char *s, size_t len, const char *key, char *out, size_t cap) {
    size_t n = strlen(key);
    out[0] = '\0';
    for (size_t i = 0; i + n + 2 < len; i++) {
        if (s[i] != '"' || strncmp(s + i + 1, key, n) != 0 || s[i + n + 1] != '"')
            continue;
        size_t j = i + n + 2;
        while (j < len && (gl_html_space(s[j]) || s[j] == ':'))
            j++;
        if (j >= len || s[j] != '"')
            continue;
        size_t k = 0;
        for (j++; j < len && s[j] != '"' && k + 1 < cap; j++)
            out[k++] = s[j];
        out[k] = '\0';
        return;
    }
}

/* Takes the date `v` from `source` into `out` when it parses and is
 * plausible; with `lead_only`, only a date opening the text. */
/* Fills `out` with `iso` from `source` (a printf format and its argument),
 * with text `text` (NULL: none, or `iso` itself when `text_is_iso`).
 * Returns true, so that a finder can end on it. */
static bool found(gl_date_found *out, const char *iso, const char *text, bool text_is_iso,
                  const char *source_format, const char *source) {
    memcpy(out->iso, iso, sizeof out->iso);
    snprintf(out->source, sizeof out->source, source_format, source);
    out->text = text;
    out->text_is_iso = text_is_iso;
    return true;
}

static bool try_date_in(const gl_date_clues *c, gl_date_found *out, const char *v,
                        const char *source, bool machine, bool lead_only) {
    if (!v)
        return false;
    char iso[GL_DATE_ISO_MAX];
    if (!gl_dates_in_text(v, strlen(v), c->day_first, lead_only, c->now, iso) ||
        !plausible(iso, machine, c->now))
        return false;
    char local[GL_DATE_ISO_MAX];
    if (machine && local_date(c, iso, local) && plausible(local, machine, c->now))
        return found(out, local, NULL, true, "%s, the page's local time", source);
    return found(out, iso, v, false, "%s", source);
}

static bool try_date(const gl_date_clues *c, gl_date_found *out, const char *v, const char *source,
                     bool machine) {
    return try_date_in(c, out, v, source, machine, false);
}

/* The node after `n` in document order below `body`, going into elements
 * a reader sees (not script, style, noscript, select or hidden ones). */
static const xmlNode *next_shown(const xmlNode *n, const xmlNode *body) {
    bool down = n->type == XML_ELEMENT_NODE && n->children && !gl_dom_is(n, "script") &&
                !gl_dom_is(n, "style") && !gl_dom_is(n, "noscript") && !gl_dom_is(n, "select") &&
                !gl_html_is_hidden(n);
    return down ? n->children : gl_html_next_skip(n, body);
}

/* The next visible text of the body after *at (NULL: from the start),
 * among its first 3000 texts; NULL past them or at the end. */
static const char *next_text(const gl_date_clues *c, const xmlNode **at, size_t *seen) {
    for (const xmlNode *n = *at ? next_shown(*at, c->body) : c->body; n && *seen < 3000;
         n = next_shown(n, c->body)) {
        if (n->type == XML_TEXT_NODE && n->content) {
            (*seen)++;
            *at = n;
            return (const char *)n->content;
        }
    }
    return NULL;
}

/* Whether a short visible text of the body (a date line, under 80 bytes,
 * within the first 3000 texts) states the calendar day `day`. */
static bool shown_day(const gl_date_clues *c, const char *day) {
    char iso[GL_DATE_ISO_MAX];
    const xmlNode *at = NULL;
    size_t seen = 0;
    for (const char *t; (t = next_text(c, &at, &seen));) {
        size_t len = strlen(t);
        if (len < 80 && gl_dates_in_text(t, len, c->day_first, false, c->now, iso) &&
            strncmp(iso, day, 10) == 0)
            return true;
    }
    return false;
}

/* Whether `other` (a meta tag's date) should be taken before `first` (the
 * JSON-LD one): they fall on different days, and the page shows a reader
 * the other's day in a short text while not showing the first's (a
 * template's JSON-LD left stale). */
static bool confirmed_instead(const gl_date_clues *c, const char *first, const char *other) {
    char a[GL_DATE_ISO_MAX], b[GL_DATE_ISO_MAX];
    if (!gl_dates_in_text(first, strlen(first), c->day_first, false, c->now, a) ||
        !gl_dates_in_text(other, strlen(other), c->day_first, false, c->now, b) ||
        strncmp(a, b, 10) == 0)
        return false;
    return shown_day(c, b) && !shown_day(c, a);
}

/* A visible date just after the headline: in one of the six elements that
 * follow it. */
static bool after_headline(const gl_date_clues *c, gl_date_found *out, gl_buf *scratch) {
    size_t budget = 0;
    for (const xmlNode *n = c->first_h1; n && budget < 6; budget++) {
        const xmlNode *next = n->next;
        while (!next && n->parent && n->parent->type == XML_ELEMENT_NODE) {
            n = n->parent;
            next = n->next;
        }
        n = next;
        if (n && n->type == XML_ELEMENT_NODE) {
            gl_buf_clear(scratch);
            gl_dom_text(n, scratch, 300);
            if (scratch->status == GL_OK && scratch->data && scratch->len < 300 &&
                try_date(c, out, scratch->data, "text after the headline", false))
                return true;
        }
    }
    return false;
}

/* Keys of a publication date in the JSON and object literals of a page's
 * scripts (a shop's product, a single-page application's state), best
 * first, a bare "date" last: the page states no date elsewhere. */
static const char *const script_keys[] = {
    "datePublished",   "publishedDate", "published_at", "publishedAt", "publishDate",
    "publicationDate", "dateCreated",   "createdAt",    "created_at",  "date"};

/* The best-keyed date of the scripts (in the first 32, the first 256 KiB
 * of each). */
static bool script_date(const gl_date_clues *c, gl_date_found *out, gl_buf *scratch) {
    enum { NKEYS = sizeof script_keys / sizeof script_keys[0] };
    char best[GL_DATE_ISO_MAX * 4] = "", v[sizeof best];
    size_t rank = NKEYS;
    for (size_t i = 0; i < c->ncode && rank > 0; i++) {
        gl_buf_clear(scratch);
        gl_dom_text(c->code[i], scratch, (size_t)256 << 10);
        if (scratch->status != GL_OK || !scratch->data)
            continue;
        for (size_t k = 0; k < rank; k++) {
            gl_dates_json_value(scratch->data, scratch->len, script_keys[k], v, sizeof v);
            if (v[0]) {
                memcpy(best, v, sizeof best);
                rank = k;
            }
        }
    }
    if (rank == NKEYS)
        return false;
    char source[64];
    snprintf(source, sizeof source, "\"%s\" in a script", script_keys[rank]);
    if (!try_date(c, out, best, source, true))
        return false;
    out->text = NULL; /* the value was copied from the script: no text to keep */
    out->text_is_iso = true;
    return true;
}

/* The length of `s` with its runs of white space counted as one. */
static size_t shown_length(const char *s) {
    size_t n = 0;
    bool space = true;
    for (; *s; s++) {
        bool sp = gl_html_space(*s);
        n += !sp || !space;
        space = sp;
    }
    return n;
}

/* Whether two ISO dates are the same day, one read month first and the
 * other day first ("11/01/2021"). */
static bool swapped(const char *a, const char *b) {
    return strncmp(a, b, 4) == 0 && strncmp(a + 5, b + 8, 2) == 0 && strncmp(a + 8, b + 5, 2) == 0;
}

/* Whether `v` is a machine-readable date on the day of `iso`. */
static bool same_day(const gl_date_clues *c, const char *v, const char *iso) {
    char day[GL_DATE_ISO_MAX];
    return v && gl_dates_in_text(v, strlen(v), false, false, c->now, day) &&
           strncmp(day, iso, 10) == 0;
}

/* Whether a <meta> timestamp of the page falls on the day of `iso` (a
 * modified time, an og:updated_time). */
static bool stamped(const gl_date_clues *c, const char *iso) {
    for (size_t i = 0; i < c->nstamps; i++)
        if (same_day(c, c->stamps[i], iso))
            return true;
    return false;
}

/* The first date a date element after the headline shows in its text. */
static bool element_text_date(const gl_date_clues *c, gl_date_found *out, gl_buf *scratch) {
    for (size_t i = c->ndate_before_h1; i < c->ndate; i++) {
        gl_buf_clear(scratch);
        gl_dom_text(c->date_nodes[i], scratch, 300);
        if (scratch->status == GL_OK && scratch->data && scratch->len < 300 &&
            try_date(c, out, scratch->data, "text of a date element", false))
            return true;
    }
    return false;
}

/* Words that say what a date in a text is: a publication's (1), a
 * change's (-1), in the languages the month names are read in (htmldate
 * reads such labels too). */
static const struct {
    const char *word;
    int kind;
} date_labels[] = {
    {"published", 1},
    {"publi\xC3\xA9", 1},
    {"publicado", 1},
    {"pubblicato", 1},
    {"ver\xC3\xB6"
     "ffentlicht",
     1},
    {"erschienen", 1},
    {"erstellt am", 1},
    {"gepubliceerd", 1},
    {"updated", -1},
    {"modified", -1},
    {"aktualisiert", -1},
    {"ge\xC3\xA4ndert", -1},
    {"letzte \xC3\xA4nderung", -1},
    {"mis \xC3\xA0 jour", -1},
    {"actualizado", -1},
    {"aggiornato", -1},
    {"bijgewerkt", -1},
};

/* The kind of the first label `s` holds (ASCII case-insensitive), 0 for
 * none. */
static int label_of(const char *s) {
    for (size_t i = 0; i < sizeof date_labels / sizeof date_labels[0]; i++)
        if (gl_dom_has_word_ci(s, date_labels[i].word))
            return date_labels[i].kind;
    return 0;
}

/* A visible text labelled as the publication's, holding a date: up to
 * 200 characters, the label vouching for the date in a longer line ("This
 * post was published on Saturday, 3 December 2011 and filed under ..."). */
static bool labelled_text_date(const gl_date_clues *c, gl_date_found *out) {
    const xmlNode *at = NULL;
    size_t seen = 0;
    for (const char *t; (t = next_text(c, &at, &seen));)
        if (shown_length(t) < 200 && label_of(t) > 0 &&
            try_date_in(c, out, t, "a date labelled as the publication's", false, false))
            return true;
    return false;
}

/* A word of a date element's short text that is a two-digit-year date
 * ("Party, 30.10.23"): a date element vouches for it, as a whole text
 * does elsewhere. */
static bool short_year_word(const gl_date_clues *c, gl_date_found *out, const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        while (i < len && (gl_html_space(s[i]) || s[i] == ','))
            i++;
        size_t start = i;
        while (i < len && !gl_html_space(s[i]) && s[i] != ',')
            i++;
        char iso[GL_DATE_ISO_MAX];
        if (i > start && short_year_date(s + start, i - start, c->now, iso) &&
            plausible(iso, false, c->now)) {
            return found(out, iso, NULL, false, "%s", "text of a date element");
        }
    }
    return false;
}

/* <meta> names whose date is the page record's, often created long before
 * or after the story (a CMS's dcterms.date, a recipe's dateCreated): they
 * come after the dates the article's own elements show. */
static const char *const weak_keys[] = {
    "dcterms.date",    "date",    "dc.date",    "dc:date", "dcterms.created",
    "dc.date.created", "created", "datecreated"};

bool gl_dates_find(const gl_date_clues *c, gl_date_found *out, gl_buf *scratch) {
    if (c->ld_date && c->meta_date && confirmed_instead(c, c->ld_date, c->meta_date) &&
        try_date(c, out, c->meta_date, c->meta_date_key, true))
        return true;
    bool weak = false;
    for (size_t w = 0; c->meta_date_key && w < sizeof weak_keys / sizeof weak_keys[0]; w++)
        weak = weak || strcmp(c->meta_date_key, weak_keys[w]) == 0;
    if (try_date(c, out, c->ld_date, "JSON-LD datePublished", true) ||
        (!weak && try_date(c, out, c->meta_date, c->meta_date_key, true)) ||
        try_date(c, out, c->ld_any_date, "JSON-LD datePublished", true) ||
        try_date(c, out, c->itemprop_date, "itemprop datePublished", true) ||
        try_date(c, out, c->time_pub, "<time pubdate>", true)) {
        /* The machine-readable date gives way to the one the article shows
         * below its headline, when the page never shows the first and a
         * <meta> timestamp states the second (a modified time): the story
         * was republished, or the template's date is stale. Confirming the
         * shown date by its own <time> instead took a related story's date
         * on a Readability page (gold dates 14/14 -> 13/14). */
        char uiso[GL_DATE_ISO_MAX];
        /* A full date in the page's address names the day the story went
         * out; a machine-readable date on another day is a later edit's
         * or a template's. */
        if (c->url && url_date(c->url, uiso) && plausible(uiso, false, c->now) &&
            strncmp(uiso, out->iso, 10) != 0) {
            return found(out, uiso, NULL, false, "%s", "a date in the URL");
        }
        gl_date_found shown;
        if (element_text_date(c, &shown, scratch) && strncmp(shown.iso, out->iso, 10) != 0 &&
            !swapped(shown.iso, out->iso) && stamped(c, shown.iso) && !shown_day(c, out->iso)) {
            *out = shown;
            snprintf(out->source, sizeof out->source, "text of a date element (shown, over %s)",
                     "the machine-readable date");
        }
        return true;
    }
    for (size_t i = 0; i < c->ndate; i++) {
        static const char *const attrs[] = {"datetime", "content", "title", "data-date"};
        for (size_t a = 0; a < sizeof attrs / sizeof attrs[0]; a++)
            if (try_date(c, out, gl_html_attr(c->date_nodes[i], attrs[a]),
                         "attribute of a date element", true))
                return true;
        /* data-date-time, data-publish-date...: any attribute named for a date */
        for (const xmlAttr *a = c->date_nodes[i]->properties; a; a = a->next)
            if (a->name && strstr((const char *)a->name, "date") && a->children &&
                a->children->content &&
                try_date(c, out, (const char *)a->children->content, "attribute of a date element",
                         true))
                return true;
        gl_buf_clear(scratch);
        gl_dom_text(c->date_nodes[i], scratch, 300);
        if (scratch->status != GL_OK || !scratch->data)
            continue;
        if (scratch->len < 300 && try_date(c, out, scratch->data, "text of a date element", false))
            return true;
        if (scratch->len < 80 && short_year_word(c, out, scratch->data, scratch->len))
            return true;
    }
    if (weak && try_date(c, out, c->meta_date, c->meta_date_key, true))
        return true;
    if (try_date(c, out, c->time_first, "<time datetime>", true))
        return true;
    char iso[GL_DATE_ISO_MAX];
    if (c->url && url_date(c->url, iso) && plausible(iso, false, c->now))
        return found(out, iso, NULL, false, "%s", "a date in the URL");
    if (script_date(c, out, scratch))
        return true;
    if (c->first_h1) {
        gl_buf_clear(scratch);
        if (after_headline(c, out, scratch))
            return true;
    }
    /* Last, the first short visible text that holds a date ("Stand:
     * 25.01.2022" in a page's corner), within the first text nodes: one
     * that says it is the publication's first, and one that says it is a
     * change's never. */
    if (labelled_text_date(c, out))
        return true;
    const xmlNode *at = NULL;
    size_t seen = 0;
    for (const char *t; (t = next_text(c, &at, &seen));) {
        if (label_of(t) < 0)
            continue;
        /* a short text holding a date, or a dateline opening a paragraph
         * ("01.02.2022 The labour market..."); short as a reader sees it,
         * its runs of white space one space */
        if (try_date_in(c, out, t, "a date in the page's text", false, shown_length(t) >= 80))
            return true;
    }
    return false;
}

bool gl_dates_day_first(const char *lang) {
    if (!lang || !*lang)
        return false;
    if (gl_dom_lower(lang[0]) != 'e' || gl_dom_lower(lang[1]) != 'n' ||
        (lang[2] && lang[2] != '-' && lang[2] != '_'))
        return true;
    static const char *const regions[] = {"gb", "uk", "au", "nz", "ie", "in", "za"};
    for (size_t i = 0; lang[2] && i < sizeof regions / sizeof regions[0]; i++)
        if (gl_dom_lower(lang[3]) == regions[i][0] && gl_dom_lower(lang[4]) == regions[i][1] &&
            (!lang[5] || lang[5] == '-'))
            return true;
    return false;
}
