// Loads pages from disk in headless Chromium (one browser for them all, the pages' own CSP in force)
// and prints, for each, what it logged (CSP violations among it), its script errors and its failed
// requests, as JSON: {"PAGE.html": ["console error: Refused to load ...", ...], ...}.
// Usage: node tests/js/console.mjs PAGE.html...
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const browser = await launch();
const found = {};
try {
  for (const file of process.argv.slice(2)) {
    const page = await browser.newPage();
    const seen = [];
    page.on("console", (message) => seen.push(`console ${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => seen.push(`page error: ${error}`));
    page.on("requestfailed", (request) => seen.push(`request failed: ${request.url().slice(0, 200)}`));
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    found[file] = seen;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(found));
