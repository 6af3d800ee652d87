// Ace by DAISY on many EPUBs in one Chromium: Ace's own core and Chromium runner, as ace-cli uses
// them, but with the browser launched once for all the books instead of once for each. Prints one
// JSON line per book as soon as it is checked: ["BOOK.epub", "REPORT.json", null], or
// ["BOOK.epub", null, "what went wrong"].
// Usage: node tests/js/ace.mjs OUTDIR BOOK.epub...   (PUPPETEER_EXECUTABLE_PATH names the Chromium)
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const ace = require("@daisy/ace-core");
const runner = require("@daisy/ace-axe-runner-puppeteer");
require("@daisy/ace-logger").initLogger({ verbose: false, silent: true, fileName: "ace-tests.log" });

const launch = runner.launch;
const close = runner.close;
let launched = false;
runner.launch = async function () {
  if (!launched) {
    launched = true;
    await launch.call(runner);
  }
};
runner.close = async function () {};  // kept open for the next book

const [outdir, ...books] = process.argv.slice(2);
try {
  for (const [number, book] of books.entries()) {
    const folder = path.join(outdir, String(number));
    try {
      await ace(path.resolve(book), { cwd: process.cwd(), outdir: folder, silent: true, jobId: "" }, runner);
      console.log(JSON.stringify([book, path.join(folder, "report.json"), null]));
    } catch (error) {
      console.log(JSON.stringify([book, null, String(error && error.message ? error.message : error)]));
    }
  }
} finally {
  if (launched) await close.call(runner);
}
