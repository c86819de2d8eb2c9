/* Table-driven date recognition: a few shapes (month first, day first,
 * numeric), each built from the same small scanners over a cursor. */
#include "util/date.h"
#include "util/date_icu.h"

#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct cursor {
    const char *p, *end;
} cursor;

typedef struct name_entry {
    const char *name;
    int value;
} name_entry;

/* Full names and the abbreviations newspapers use ("Sept." as well as "Sep."). */
static const name_entry months[] = {
    {"january", 1},   {"jan", 1},   {"february", 2},  {"feb", 2},      {"march", 3},
    {"mar", 3},       {"april", 4}, {"apr", 4},       {"may", 5},      {"june", 6},
    {"jun", 6},       {"july", 7},  {"jul", 7},       {"august", 8},   {"aug", 8},
    {"september", 9}, {"sept", 9},  {"sep", 9},       {"october", 10}, {"oct", 10},
    {"november", 11}, {"nov", 11},  {"december", 12}, {"dec", 12},
};

static const name_entry weekdays[] = {
    {"monday", 1},   {"mon", 1},      {"tuesday", 2}, {"tue", 2},   {"tues", 2},   {"wednesday", 3},
    {"wed", 3},      {"thursday", 4}, {"thu", 4},     {"thurs", 4}, {"friday", 5}, {"fri", 5},
    {"saturday", 6}, {"sat", 6},      {"sunday", 7},  {"sun", 7},
};

static const char *const ordinal_suffixes[] = {"st", "nd", "rd", "th"};

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static bool at_end(const cursor *c) { return c->p == c->end; }

/* Skips whitespace; returns whether there was any. */
static bool skip_space(cursor *c) {
    const char *start = c->p;
    while (c->p < c->end && is_space(*c->p))
        c->p++;
    return c->p != start;
}

static bool skip_char(cursor *c, char ch) {
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

/* Reads min..max digits into *value; fails (cursor unmoved) on fewer. A digit
 * after the max is left for the caller's next step, which refuses it
 * ("20145" is not followed by the end, "+0300" is two fields). */
static bool read_number(cursor *c, int min, int max, int *value) {
    const char *p = c->p;
    int n = 0, v = 0;
    while (p < c->end && is_digit(*p) && n < max) {
        v = v * 10 + (*p - '0');
        p++;
        n++;
    }
    if (n < min)
        return false;
    c->p = p;
    *value = v;
    return true;
}

/* Reads a word of ASCII letters and looks it up (case-insensitive); fails unmoved. */
static bool read_name(cursor *c, const name_entry *table, size_t count, int *value) {
    const char *p = c->p;
    while (p < c->end && is_alpha(*p))
        p++;
    size_t len = (size_t)(p - c->p);
    for (size_t i = 0; i < count; i++) {
        if (strlen(table[i].name) != len)
            continue;
        size_t k = 0;
        while (k < len && lower(c->p[k]) == table[i].name[k])
            k++;
        if (k == len) {
            c->p = p;
            *value = table[i].value;
            return true;
        }
    }
    return false;
}

static bool read_month(cursor *c, int *month) {
    if (!read_name(c, months, sizeof months / sizeof months[0], month))
        return false;
    skip_char(c, '.'); /* "Nov." */
    return true;
}

/* A day of the month with an optional English ordinal suffix ("12th"). */
static bool read_day(cursor *c, int *day) {
    if (!read_number(c, 1, 2, day))
        return false;
    for (size_t i = 0; i < sizeof ordinal_suffixes / sizeof ordinal_suffixes[0]; i++) {
        const char *suf = ordinal_suffixes[i];
        if (c->end - c->p >= 2 && lower(c->p[0]) == suf[0] && lower(c->p[1]) == suf[1] &&
            (c->end - c->p == 2 || !is_alpha(c->p[2]))) {
            c->p += 2;
            break;
        }
    }
    return true;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool valid_date(int y, int m, int d) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= days[m - 1] + (m == 2 && leap(y));
}

/* "Wednesday, " before a textual date is decoration: skipped, not checked. */
static void skip_weekday(cursor *c) {
    cursor save = *c;
    int wd;
    if (read_name(c, weekdays, sizeof weekdays / sizeof weekdays[0], &wd)) {
        skip_char(c, '.');
        skip_char(c, ',');
        if (skip_space(c))
            return;
    }
    *c = save;
}

/* "November 12, 2014", "Nov. 12 2014". */
static bool month_first(cursor *c, int *y, int *m, int *d) {
    if (!read_month(c, m))
        return false;
    skip_space(c);
    if (!read_day(c, d))
        return false;
    skip_char(c, ',');
    if (!skip_space(c))
        return false;
    return read_number(c, 4, 4, y);
}

/* "12 November 2014", "12th of Nov. 2014", "12 Nov, 2014". */
static bool day_first(cursor *c, int *y, int *m, int *d) {
    if (!read_day(c, d) || !skip_space(c))
        return false;
    cursor save = *c;
    if (c->end - c->p > 3 && lower(c->p[0]) == 'o' && lower(c->p[1]) == 'f' && is_space(c->p[2])) {
        c->p += 2;
        skip_space(c);
    }
    if (!read_month(c, m)) {
        *c = save;
        return false;
    }
    skip_char(c, ',');
    if (!skip_space(c))
        return false;
    return read_number(c, 4, 4, y);
}

/* The time and offset after an ISO date, written out in the extended format.
 * Accepts 'T', 't' or a space before the time, and a space before the offset
 * (the YAML/Jekyll habit "2014-11-12 10:00:00 +0300"). */
static bool iso_time(cursor *c, char *out, size_t cap) {
    int hh, mm, ss = -1, oh = -1, om = 0;
    char sign = 0;
    char frac[10] = "";
    if (at_end(c) || (*c->p != 'T' && *c->p != 't' && *c->p != ' '))
        return false;
    c->p++;
    if (!read_number(c, 2, 2, &hh) || !skip_char(c, ':') || !read_number(c, 2, 2, &mm))
        return false;
    if (skip_char(c, ':')) {
        if (!read_number(c, 2, 2, &ss))
            return false;
        if (skip_char(c, '.') || skip_char(c, ',')) {
            size_t n = 0;
            while (c->p < c->end && is_digit(*c->p) && n < sizeof frac - 1)
                frac[n++] = *c->p++;
            frac[n] = '\0';
            if (n == 0 || (c->p < c->end && is_digit(*c->p)))
                return false;
        }
    }
    if (hh > 23 || mm > 59 || ss > 60)
        return false;
    cursor save = *c;
    skip_space(c);
    if (skip_char(c, 'Z') || skip_char(c, 'z')) {
        sign = 'Z';
    } else if (!at_end(c) && (*c->p == '+' || *c->p == '-')) {
        sign = *c->p++;
        if (!read_number(c, 2, 2, &oh))
            return false;
        bool colon = skip_char(c, ':');
        if (!read_number(c, 2, 2, &om)) {
            if (colon)
                return false;
            om = 0;
        }
        if (oh > 23 || om > 59)
            return false;
    } else {
        *c = save;
    }
    int n;
    if (ss < 0)
        n = snprintf(out, cap, "T%02d:%02d", hh, mm);
    else
        n = snprintf(out, cap, "T%02d:%02d:%02d%s%s", hh, mm, ss, frac[0] ? "." : "", frac);
    if (n < 0 || (size_t)n >= cap)
        return false;
    if (sign == 'Z')
        n += snprintf(out + n, cap - (size_t)n, "Z");
    else if (sign)
        n += snprintf(out + n, cap - (size_t)n, "%c%02d:%02d", sign, oh, om);
    return (size_t)n < cap;
}

/* "2014-11-12", "2014/11/12", and with '-' only, a time after it. */
static bool numeric(cursor *c, int *y, int *m, int *d, char *time, size_t cap) {
    if (!read_number(c, 4, 4, y))
        return false;
    char sep = at_end(c) ? 0 : *c->p;
    if (sep != '-' && sep != '/')
        return false;
    c->p++;
    if (!read_number(c, 1, 2, m) || !skip_char(c, sep) || !read_number(c, 1, 2, d))
        return false;
    time[0] = '\0';
    cursor save = *c;
    if (sep == '-' && !iso_time(c, time, cap)) {
        *c = save;
        time[0] = '\0';
    }
    return true;
}

typedef bool (*shape_fn)(cursor *c, int *y, int *m, int *d);

gl_status gl_date_parse(const char *s, size_t len, char iso[GL_DATE_ISO_MAX]) {
    static const shape_fn shapes[] = {month_first, day_first};
    iso[0] = '\0';
    if (!s)
        return GL_EPARSE;
    cursor start = {s, s + len};
    skip_space(&start);
    while (start.end > start.p && is_space(start.end[-1]))
        start.end--;
    int y = 0, m = 0, d = 0;
    char time[GL_DATE_ISO_MAX] = "";
    cursor c = start;
    bool ok = numeric(&c, &y, &m, &d, time, sizeof time) && at_end(&c);
    for (size_t i = 0; !ok && i < sizeof shapes / sizeof shapes[0]; i++) {
        c = start;
        skip_weekday(&c);
        ok = shapes[i](&c, &y, &m, &d) && at_end(&c);
    }
    if (!ok || !valid_date(y, m, d))
        return GL_EPARSE;
    int n = snprintf(iso, GL_DATE_ISO_MAX, "%04d-%02d-%02d%s", y, m, d, time);
    if (n < 0 || n >= GL_DATE_ISO_MAX) {
        iso[0] = '\0';
        return GL_EPARSE;
    }
    return GL_OK;
}

/* "YYYY-MM-DD" followed by nothing or a time: how machines write dates. */
static bool is_machine_date(const char *s) {
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
            return false;
    }
    return s[10] == '\0' || s[10] == 'T' || s[10] == ' ';
}

/* Whether BCP 47 tag `lang` (NULL: none) is English without a region, or
 * US English: the languages whose long date the C locale writes. */
static bool us_english(const char *lang) {
    if (!lang || !*lang)
        return true;
    if (strncasecmp(lang, "en", 2) != 0 || (lang[2] && lang[2] != '-' && lang[2] != '_'))
        return false;
    return !lang[2] || strncasecmp(lang + 3, "US", 2) == 0;
}

/* The machine date gl_date_display writes for people, or NULL when it
 * shows the source's own text (or nothing); *text gets that text. */
static const char *date_to_write(const gl_doc *doc, const char **text) {
    const char *date = gl_doc_meta(doc, GL_META_DATE);
    *text = gl_doc_meta(doc, GL_META_DATE_TEXT);
    if (*text && !is_machine_date(*text))
        return NULL;
    const char *iso = date ? date : *text;
    *text = iso;
    return iso && is_machine_date(iso) ? iso : NULL;
}

/* The month of machine date `iso`, 1-12, or 0 when it names none. */
static int month_of(const char *iso) {
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    return m >= 1 && m <= 12 ? m : 0;
}

bool gl_date_display_uses_lang(const gl_doc *doc) {
    const char *text;
    const char *iso = date_to_write(doc, &text);
    return iso && month_of(iso);
}

const char *gl_date_display(const gl_doc *doc, char buf[GL_DATE_SHOWN_MAX]) {
    const char *text;
    const char *iso = date_to_write(doc, &text);
    if (!iso)
        return text;
    int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
    int m = month_of(iso), d = (iso[8] - '0') * 10 + (iso[9] - '0');
    const char *lang = gl_doc_meta(doc, GL_META_LANG);
    if (m && us_english(lang)) {
        /* CLDR's en long date, "MMMM d, y", with the C locale's month
         * names (the process's own locale may be another language). */
        locale_t c = newlocale(LC_TIME_MASK, "C", (locale_t)0);
        if (c) {
            snprintf(buf, GL_DATE_SHOWN_MAX, "%s %d, %d", nl_langinfo_l(MON_1 + m - 1, c), d, y);
            freelocale(c);
            return buf;
        }
    } else if (m) {
        const gl_dates_module *dates = NULL;
        gl_error ignored = {0};
        if (gl_module_get_dates(&dates, &ignored) == GL_OK &&
            dates->format(y, m, d, lang, buf, GL_DATE_SHOWN_MAX))
            return buf;
    }
    memcpy(buf, iso, 10);
    buf[10] = '\0';
    return buf;
}

/* ---- ISO 8601 to seconds (EPUB dc:date, book ordering) ---- */

static int read_num(const char **p, int n) {
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return -1;
        v = v * 10 + (**p - '0');
    }
    return v;
}

long long gl_days_from_civil(long long y, int m, int d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool gl_iso_date_epoch(const char *iso, long long *out) {
    const char *p = iso;
    int y = read_num(&p, 4), mo = 1, d = 1, h = 0, mi = 0, sec = 0, off = 0;
    if (y < 0)
        return false;
    if (*p == '-' && ((p++, mo = read_num(&p, 2)) < 1 || mo > 12))
        return false;
    if (*p == '-' && ((p++, d = read_num(&p, 2)) < 1 || d > 31))
        return false;
    if (*p == 'T' || *p == ' ') {
        p++;
        if ((h = read_num(&p, 2)) < 0 || h > 23 || *p++ != ':' || (mi = read_num(&p, 2)) < 0 ||
            mi > 59)
            return false;
        if (*p == ':' && ((p++, sec = read_num(&p, 2)) < 0 || sec > 60))
            return false;
        if (*p == '.' || *p == ',')
            for (p++; *p >= '0' && *p <= '9'; p++)
                ;
        if (*p == 'Z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1, oh = read_num(&p, 2), om;
            if (*p == ':')
                p++;
            if (oh < 0 || oh > 23 || (om = read_num(&p, 2)) < 0 || om > 59)
                return false;
            off = sign * (oh * 3600 + om * 60);
        }
    }
    if (*p)
        return false;
    *out = gl_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
    return true;
}

gl_date_fields gl_date_from_epoch(long long t) {
    long long days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    gl_date_fields f = {0};
    f.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    f.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    f.year = (int)(yoe + era * 400 + (f.month <= 2));
    f.hour = (int)(secs / 3600);
    f.min = (int)(secs / 60 % 60);
    f.sec = (int)(secs % 60);
    f.zone = 'Z';
    return f;
}

/* Exactly `n` digits at *s, advancing past them; -1 when they are not. */
static int split_digits(const char **s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit((*s)[i]))
            return -1;
        v = v * 10 + ((*s)[i] - '0');
    }
    *s += n;
    return v;
}

static bool fields_valid(const gl_date_fields *d) {
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d->year < 1 || d->year > 9999 || d->month < 1 || d->month > 12 || d->day < 1 ||
        d->day > days[d->month - 1] || d->hour > 23 || d->min > 59 || d->sec > 59 ||
        d->off_hour > 23 || d->off_min > 59)
        return false;
    bool leap = (d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0;
    return !(d->month == 2 && d->day == 29 && !leap);
}

bool gl_date_split(const char *s, gl_date_fields *d) {
    memset(d, 0, sizeof *d);
    d->zone = ' ';
    if ((d->year = split_digits(&s, 4)) < 0 || *s++ != '-' ||
        (d->month = split_digits(&s, 2)) < 0 || *s++ != '-' || (d->day = split_digits(&s, 2)) < 0)
        return false;
    if (*s == 'T' || *s == 't' || (*s == ' ' && is_digit(s[1]))) {
        s++;
        if ((d->hour = split_digits(&s, 2)) < 0 || *s++ != ':' ||
            (d->min = split_digits(&s, 2)) < 0)
            return false;
        if (*s == ':' && (s++, (d->sec = split_digits(&s, 2)) < 0))
            return false;
        if (*s == '.' || *s == ',') {
            s++;
            while (is_digit(*s))
                s++;
        }
        if (*s == 'Z' || *s == 'z') {
            d->zone = 'Z';
            s++;
        } else if (*s == '+' || *s == '-') {
            d->zone = *s++;
            if ((d->off_hour = split_digits(&s, 2)) < 0)
                return false;
            if (*s == ':')
                s++;
            if ((d->off_min = split_digits(&s, 2)) < 0)
                return false;
        }
    }
    return *s == '\0' && fields_valid(d);
}
