/* The parsed DOM put right where libxml2 2.9 builds it otherwise than a
 * browser does (issue 16): see html_repair.h. */
#include "readers/html_repair.h"

#include <stdbool.h>
#include <string.h>
#include "readers/dom.h"

/* Moves the children of `from` to the end of `to`. */
static void adopt_children(xmlNode *to, xmlNode *from) {
    xmlNode *next;
    for (xmlNode *c = from->children; c; c = next) {
        next = c->next;
        xmlUnlinkNode(c);
        if (!xmlAddChild(to, c))
            xmlFreeNode(c);
    }
}

/* The elements the HTML5 parser keeps in <head>. */
static bool head_element(const xmlNode *n) {
    static const char *const names[] = {"base",  "basefont", "bgsound",  "link",
                                        "meta",  "noframes", "noscript", "script",
                                        "style", "template", "title"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp((const char *)n->name, names[i]) == 0)
            return true;
    return false;
}

/* Any other start tag in <head> starts the body, in a browser's parse;
 * libxml2 2.9 keeps an element it does not know there (a site's <mbox>),
 * with the rest of the page nested inside it, and the page's text then
 * shows nowhere. That element and what follows it in <head>, but for the
 * elements <head> holds, move to the start of the body. */
static void body_from_head(xmlDoc *dom) {
    xmlNode *root = xmlDocGetRootElement(dom), *head = NULL, *body = NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!head && gl_dom_is(c, "head"))
            head = c;
        if (!body && gl_dom_is(c, "body"))
            body = c;
    }
    xmlNode *from = head ? head->children : NULL;
    while (from && (from->type != XML_ELEMENT_NODE || head_element(from)))
        from = from->next;
    if (!from)
        return;
    if (!body) {
        body = xmlNewDocNode(dom, NULL, BAD_CAST "body", NULL);
        if (!body || !xmlAddNextSibling(head, body)) {
            xmlFreeNode(body);
            return;
        }
    }
    xmlNode *first = body->children, *next;
    for (xmlNode *c = from; c; c = next) {
        next = c->next;
        if (c->type == XML_ELEMENT_NODE && head_element(c))
            continue; /* a browser would put it in the body: html_meta reads <head> */
        xmlUnlinkNode(c);
        if (!(first ? xmlAddPrevSibling(first, c) : xmlAddChild(body, c)))
            xmlFreeNode(c);
    }
}

/* A page that starts over (a server's warnings, a script holding
 * "</script></body></html>", then the real page) leaves libxml2 with more
 * than one root element, and every reader looks at the first alone: the
 * later roots join it, their head's children in its head and the rest in
 * its body, in document order. */
static void join_root_elements(xmlDoc *dom) {
    xmlNode *root = xmlDocGetRootElement(dom);
    if (!root || !gl_dom_is(root, "html"))
        return;
    xmlNode *head = NULL, *body = NULL, *next;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (!head && gl_dom_is(c, "head"))
            head = c;
        if (!body && gl_dom_is(c, "body"))
            body = c;
    }
    for (xmlNode *n = root->next; n; n = next) {
        next = n->next;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlUnlinkNode(n);
        if (!body) {
            body = xmlNewDocNode(dom, NULL, BAD_CAST "body", NULL);
            if (!body || !xmlAddChild(root, body)) {
                xmlFreeNode(body);
                xmlFreeNode(n);
                return;
            }
        }
        if (!gl_dom_is(n, "html")) {
            if (!xmlAddChild(body, n))
                xmlFreeNode(n);
            continue;
        }
        xmlNode *cn;
        for (xmlNode *c = n->children; c; c = cn) {
            cn = c->next;
            if (gl_dom_is(c, "head") && !head) {
                xmlUnlinkNode(c);
                head = xmlAddPrevSibling(root->children, c) ? c : NULL;
                if (!head)
                    xmlFreeNode(c);
            } else if (gl_dom_is(c, "head")) {
                adopt_children(head, c);
            } else if (gl_dom_is(c, "body")) {
                adopt_children(body, c);
            } else {
                xmlUnlinkNode(c);
                if (!xmlAddChild(body, c))
                    xmlFreeNode(c);
            }
        }
        xmlFreeNode(n);
    }
}

/* What follows </body> belongs to the body, in a browser's parse (a saved
 * page closing a wrapper's body early); libxml2 2.9 leaves it beside the
 * body, in <html>, and a second <body> there too: they join the first body
 * in document order. */
static void body_after_body(xmlNode *root) {
    xmlNode *body = NULL, *next;
    for (xmlNode *c = root ? root->children : NULL; c; c = next) {
        next = c->next;
        if (!body) {
            body = gl_dom_is(c, "body") ? c : NULL;
            continue;
        }
        if (gl_dom_is(c, "head"))
            continue;
        if (gl_dom_is(c, "body")) {
            adopt_children(body, c);
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            continue;
        }
        xmlUnlinkNode(c);
        if (!xmlAddChild(body, c))
            xmlFreeNode(c);
    }
}

/* Bytes of text other than white space under `top`, script and style
 * left out. */
static size_t text_bytes(const xmlNode *top) {
    size_t count = 0;
    for (const xmlNode *n = top; n;) {
        bool down = n->children && !gl_dom_is(n, "script") && !gl_dom_is(n, "style");
        if (n->type == XML_TEXT_NODE && n->content)
            for (const xmlChar *c = n->content; *c; c++)
                count += !gl_html_space((char)*c);
        n = down ? n->children : gl_html_next_skip(n, top);
    }
    return count;
}

/* libxml2 2.9 ignores </noscript> while an element opened inside it (a
 * <div> a script writes, repeated for script-less browsers) is open, and
 * the rest of the page lands in the <noscript>, which no reader shows; a
 * browser ends it there. A <noscript> holding half the body's text or more
 * is such a page, or a page whose article is its script-less copy: either
 * way its children take its place. A short notice ("enable JavaScript")
 * or a tracking pixel stays hidden, and so does any <noscript> inside it,
 * holding less: its subtree is not looked into, and at most
 * OPEN_NOSCRIPTS are opened, so that nested ones cost a bounded number of
 * walks over the page. */
#define OPEN_NOSCRIPTS 8
static void open_noscripts(xmlNode *root) {
    xmlNode *body = NULL;
    for (xmlNode *c = root ? root->children : NULL; c && !body; c = c->next)
        body = gl_dom_is(c, "body") ? c : NULL;
    size_t total = body ? text_bytes(body) : 0;
    int opened = 0;
    for (xmlNode *n = body ? body->children : NULL; n && opened < OPEN_NOSCRIPTS;) {
        if (!gl_dom_is(n, "noscript") || !n->children) {
            n = n->type == XML_ELEMENT_NODE && n->children ? n->children
                                                           : gl_html_next_skip(n, body);
            continue;
        }
        if (2 * text_bytes(n) < total) {
            n = gl_html_next_skip(n, body);
            continue;
        }
        /* The walk goes on at the first moved child: what now follows
         * the <noscript>'s old previous sibling. */
        xmlNode *parent = n->parent, *prev = n->prev, *next;
        for (xmlNode *c = n->children; c; c = next) {
            next = c->next;
            xmlUnlinkNode(c);
            if (!xmlAddPrevSibling(n, c))
                xmlFreeNode(c);
        }
        xmlUnlinkNode(n);
        xmlFreeNode(n);
        opened++;
        n = prev ? prev->next : parent->children;
        if (!n)
            n = gl_html_next_skip(prev ? prev : parent, body);
    }
}

void gl_html_join_roots(xmlDoc *dom) {
    join_root_elements(dom);
    body_from_head(dom);
    body_after_body(xmlDocGetRootElement(dom));
    open_noscripts(xmlDocGetRootElement(dom));
}
