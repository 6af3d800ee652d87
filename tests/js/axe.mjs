// Runs axe-core on pages in headless Chromium (one browser for them all) and prints the violations of
// each as JSON: {"PAGE.html": [{"id": ..., "impact": ..., "nodes": N}, ...], ...}.
// Usage: [COLOR_SCHEME=dark] [HIGHLIGHT=1] node tests/js/axe.mjs PAGE.html...
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const axeSource = fs.readFileSync(path.join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");
const browser = await launch();
const found = {};
try {
  for (const file of process.argv.slice(2)) {
    const page = await browser.newPage();  // a fresh page (and document) for each file
    await page.setBypassCSP(true); // the web edition allows no script: let axe in
    if (process.env.COLOR_SCHEME) {
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: process.env.COLOR_SCHEME }]);
    }
    await page.goto(pathToFileURL(path.resolve(file)).href);
    if (process.env.HIGHLIGHT) {  // check the contrast of the sentence highlight too
      await page.evaluate(() => { for (const s of document.querySelectorAll(".sentence")) s.classList.add("speaking"); });
    }
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ["violations"] }));
    found[file] = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(found));
