// Headless Chromium for the browser checks: KYODO_CHROMIUM, else /usr/bin/chromium, with the
// flags that keep it off the network, in a fresh profile removed by `close`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "kyodo-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.KYODO_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const close = async () => {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, close };
}
