// In-process timing of Readability.js 0.6.0 on jsdom 27 (bench/extract): for
// each page, the median over RUNS of new JSDOM(html) + new Readability(doc).parse().
// Prints one line per page: "<ms>", or "nan" when jsdom fails on the page.
const fs = require("fs");
const { JSDOM } = require("jsdom");
const { Readability } = require("@mozilla/readability");
const runs = Number(process.env.RUNS || 5);
for (const path of process.argv.slice(2)) {
  const html = fs.readFileSync(path, "utf8");
  const times = [];
  try {
    for (let r = 0; r < runs; r++) {
      const t0 = process.hrtime.bigint();
      const dom = new JSDOM(html, { url: "https://example.org/" });
      new Readability(dom.window.document).parse();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      dom.window.close();
    }
  } catch (e) {
    // jsdom 27 throws on some pages' CSS: such a page has no time
    console.log("nan");
    continue;
  }
  times.sort((a, b) => a - b);
  console.log(times[Math.floor(times.length / 2)].toFixed(3));
}
