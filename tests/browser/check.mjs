// Checks web pages as a browser and a validator see them: axe-core in headless Chromium
// (JIS X 8341-3:2016 = WCAG 2.0 AA, plus axe's best practices) and html-validate (its
// recommended rules). Prints one JSON line per page and exits 1 when any page has a
// violation or an error. Optionally writes a screenshot of each page beside it (`--shots`).
//
//   node check.mjs [--shots] PAGE.html...
//
// Chromium as launch.mjs starts it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { launch } from "./launch.mjs";
import { HtmlValidate } from "html-validate";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const args = process.argv.slice(2);
const shots = args.includes("--shots");
const pages = args.filter((a) => a !== "--shots").map((p) => resolve(p));

const { browser, close } = await launch();
const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
let failed = false;
try {
  for (const file of pages) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    // Nothing may leave the page: any request for another resource is a failure.
    const requests = [];
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "best-practice"] }, resultTypes: ["violations"] }),
    );
    if (shots) {
      await page.screenshot({ path: file.replace(/\.html$/, ".png") });
    }
    await page.close();
    const report = await validator.validateFile(file);
    const axeViolations = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
    const errors = report.results.flatMap((r) =>
      r.messages.filter((m) => m.severity === 2).map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
    );
    const ok = axeViolations.length === 0 && errors.length === 0 && requests.length === 0;
    failed ||= !ok;
    console.log(JSON.stringify({ file, ok, axe: axeViolations, validator: errors, requests, passes: result.passes?.length }));
  }
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
