// Drives `kyodo serve` in headless Chromium as an office user would (run by tests/serve.rs):
// opens the address with its token, reads the folder's page and the findings, makes the
// reports with the page's own button (ticking the --force choice where the page offers it),
// downloads the official PDF, writes the returns, types a bad colour in the settings and sees
// the message beside it, and runs axe-core (JIS X 8341-3:2016 =
// WCAG 2.0 AA, plus best practices) on every page. Screenshots at 1366×768 go to SHOTS.
// Prints one JSON line per page; exits 1 on any violation or when something is missing.
//
//   node serve.mjs ADDRESS DOWNLOADS SHOTS EXPECTED_IN_FINDINGS
import { readFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { launch } from "./launch.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [address, downloads, shots, expected] = process.argv.slice(2);
mkdirSync(downloads, { recursive: true });
const origin = new URL(address).origin;

const { browser, close } = await launch();
let failed = false;
const fail = (why) => { failed = true; console.log(JSON.stringify({ ok: false, why })); };

async function check(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "best-practice"] }, resultTypes: ["violations"] }),
  );
  await page.screenshot({ path: join(shots, `serve-${name}.png`) });
  const axe = result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  const ok = axe.length === 0;
  failed ||= !ok;
  console.log(JSON.stringify({ page: name, url: page.url(), ok, axe }));
}

try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1366, height: 768 });
  // Nothing may leave the server: any request elsewhere is a failure.
  page.on("request", (r) => { if (!r.url().startsWith(origin)) fail(`request to ${r.url()}`); });

  await page.goto(address, { waitUntil: "load" });
  if (page.url() !== `${origin}/`) fail(`the token should leave the address, at ${page.url()}`);
  await check(page, "folder");

  await page.goto(`${origin}/findings`, { waitUntil: "load" });
  const findings = await page.content();
  if (!findings.includes(expected)) fail(`the findings page lacks ${expected}`);
  // The rows around the cell open from the keyboard.
  await page.focus("details summary");
  await page.keyboard.press("Enter");
  await check(page, "findings");

  await page.goto(`${origin}/reports`, { waitUntil: "load" });
  const force = await page.$("#force");
  if (force) await force.click();
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("form[action='/make'] button")]);
  // A drop's names: the official report is 進捗状況報告書.pdf, linked percent-encoded.
  const pdfLink = `/out/${encodeURIComponent("進捗状況報告書.pdf")}?download=1`;
  if (!(await page.content()).includes(pdfLink)) fail("no PDF after making the reports");
  await check(page, "reports");

  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
  await page.click(`a[href='${pdfLink}']`);
  const pdf = join(downloads, "進捗状況報告書.pdf");
  for (let i = 0; i < 300 && !existsSync(pdf); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(pdf)) fail("the PDF was not downloaded");

  await page.goto(`${origin}/handoff`, { waitUntil: "load" });
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("form[action='/returns'] button")]);
  if (!(await page.content()).includes("差し戻しと督促一覧を作りました")) fail("no returns written");
  await check(page, "handoff");

  await page.goto(`${origin}/settings`, { waitUntil: "load" });
  // Checked as typed: a colour the settings cannot read (typed as a browser without a colour
  // picker takes it, as text) gets the library's message beside the field, nothing saved.
  await page.$eval("input[name='color0']", (el) => { el.type = "text"; el.value = ""; });
  await page.type("input[name='color0']", "赤");
  await page.$eval("input[name='color0']", (el) => el.dispatchEvent(new Event("change", { bubbles: true })));
  try {
    await page.waitForFunction(() => (document.getElementById("color0-check")?.textContent || "").includes("#RRGGBB"), { timeout: 5000 });
  } catch {
    fail("no message beside a bad colour");
  }
  const live = await page.$eval("#settings-check", (el) => el.textContent);
  if (!live.includes("赤")) fail(`the live region says ${live}`);
  if ((await page.$eval("input[name='color0']", (el) => el.getAttribute("aria-invalid"))) !== "true") fail("the field is not marked invalid");
  await check(page, "settings");
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
