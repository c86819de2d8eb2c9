/* The HTML writer (-t html): one standalone HTML5 page, the XHTML writer's
 * document in the text/html syntax (writers/xhtml.c renders both), with a
 * style sheet of its own made for reading on a screen:
 *
 *   - a measure of about 66 characters (66ch) and 1.5 leading, in the
 *     system's book faces, 1.125 rem so that phones need no zoom;
 *   - figures centred with their captions, images never wider than the
 *     column; tables with rules, scrolling sideways when wider than it;
 *   - code blocks that wrap (pre-wrap) rather than run off the page;
 *   - light and dark colours through prefers-color-scheme, and plain black
 *     on white in print. */
#include "writers/writers.h"
#include "writers/xhtml.h"

static const char style_sheet[] =
    ":root{color-scheme:light dark;--fg:#1d1d1b;--bg:#fcfcfa;--muted:#5c5c58;"
    "--rule:#d6d5cf;--link:#1b4f9c;--tint:#f1f0eb}"
    "@media (prefers-color-scheme:dark){:root{--fg:#e4e2dc;--bg:#171716;--muted:#a3a19a;"
    "--rule:#3b3b38;--link:#8fb5f2;--tint:#242422}}"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:1.125rem/1.5 Charter,'Bitstream Charter','Sitka Text',Cambria,'DejaVu Serif',"
    "Georgia,serif;font-kerning:normal;hyphens:auto;-webkit-hyphens:auto}"
    "article{max-width:33em;margin:0 auto;padding:2.5rem 1.25rem 4rem}"
    "h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.8em 0 .6em;hyphens:manual}"
    "h1{font-size:2rem}h2{font-size:1.45rem}h3{font-size:1.2rem}h4,h5,h6{font-size:1rem}"
    "p,ul,ol,blockquote,pre,table,figure{margin:0 0 1em}"
    "li>p{margin:0 0 .5em}"
    "a{color:var(--link);text-underline-offset:.15em}"
    "header{margin:0 0 2.5rem;padding:0 0 1.25rem;border-bottom:1px solid var(--rule)}"
    "header h1{margin:0 0 .6rem}"
    ".byline,.date,.site,.source{margin:.2rem 0;color:var(--muted);font-size:.95rem}"
    ".source{overflow-wrap:anywhere}"
    "img{max-width:100%;height:auto}"
    "figure{margin:2em 0;text-align:center}"
    "figcaption{margin:.6em auto 0;max-width:60ch;color:var(--muted);font-size:.9rem;"
    "line-height:1.4;text-align:left}"
    "blockquote{margin-left:0;padding:0 0 0 1.1em;border-left:3px solid var(--rule);"
    "color:var(--muted)}"
    "code,pre{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.85em}"
    "code{background:var(--tint);padding:.1em .3em;border-radius:3px}"
    "pre{background:var(--tint);padding:.8em 1em;border-radius:4px;line-height:1.4;"
    "white-space:pre-wrap;overflow-wrap:anywhere}"
    "pre code{background:none;padding:0;font-size:1em}"
    "table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto;"
    "font-size:.95rem;line-height:1.4}"
    "th,td{border:1px solid var(--rule);padding:.35em .65em;vertical-align:top}"
    "th{background:var(--tint)}"
    "hr{border:0;border-top:1px solid var(--rule);margin:2.5em 0}"
    "sup,sub{line-height:0}"
    ".footnotes{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--rule);"
    "font-size:.9rem}"
    ".footnote-back{text-decoration:none}"
    "@media print{:root{--fg:#000;--bg:#fff;--link:#000;--tint:#f2f2f2}"
    "article{max-width:none;padding:0}a{text-decoration:none}}";

gl_status gl_write_html(const gl_doc *doc, const gl_sink *sink, const gl_options *opt,
                        gl_error *err) {
    return gl_xhtml_render_html(doc, style_sheet, sink, opt, err);
}
