// Drives the browser app of `triptych serve` in headless Chromium: upload an article, wait until its job
// is done, play the audio with its captions, follow the PDF and EPUB links, run axe-core on the form
// and on the result, and print what it saw as JSON.
// Usage: node tests/js/service_app.mjs URL ARTICLE
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";

const [url, article] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const axeSource = fs.readFileSync(path.join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");
const browser = await launch(["--autoplay-policy=no-user-gesture-required", "--mute-audio"]);
const report = { consoleErrors: [], failedRequests: [] };

async function axe(page) {
  if (!(await page.evaluate(() => Boolean(globalThis.axe)))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await globalThis.axe.run(document, {
    resultTypes: ["violations"], iframes: false }));  // the web edition in its frame is tested on its own
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

try {
  const page = await browser.newPage();
  await page.setBypassCSP(true); // to let axe in (the app's own policy allows only its own scripts)
  page.on("console", (message) => { if (message.type() === "error") report.consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => report.consoleErrors.push(String(error)));
  page.on("requestfailed", (request) => {  // a media element that cancels its first request to ask for a range is fine
    const reason = request.failure() ? request.failure().errorText : "";
    if (reason !== "net::ERR_ABORTED" && request.url().startsWith("http")) report.failedRequests.push(`${request.url()}: ${reason}`);
  });
  await page.goto(url, { waitUntil: "networkidle0" });
  await page.waitForSelector("input[name=formats]");
  report.formats = await page.$$eval("input[name=formats]", (boxes) => boxes.map((b) => b.value));
  report.optionFields = await page.$$eval("[data-key]", (fields) => fields.map((f) => f.dataset.key));
  report.labelled = await page.$$eval("input, select", (fields) => fields.filter((f) => f.type !== "hidden")
    .every((f) => f.labels && f.labels.length > 0));
  report.axeForm = await axe(page);

  // Keyboard only: Tab to the file field, then the rest; the focus is visible all the way.
  report.focusOutlines = [];
  for (let i = 0; i < 6; i += 1) {
    await page.keyboard.press("Tab");
    report.focusOutlines.push(await page.evaluate(() => {
      const here = document.activeElement;
      const style = getComputedStyle(here);
      return { id: here.id || here.tagName, outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 };
    }));
  }
  const input = await page.$("#file");
  await input.uploadFile(article);
  await page.focus("#submit");
  await page.keyboard.press("Enter");
  report.liveRegion = await page.$eval("#progress", (p) => p.getAttribute("aria-live"));
  const seen = new Set();
  const deadline = Date.now() + 240000;
  let text = "";
  while (Date.now() < deadline) {
    text = await page.$eval("#progress", (p) => p.textContent);
    seen.add(text.replace(/\d+(\.\d+)? s/, "N s"));
    if (/: (done|failed)/.test(text)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  report.progress = [...seen];
  report.finalText = text;
  await page.waitForSelector("#result:not([hidden])");
  report.focusOnResult = await page.evaluate(() => document.activeElement.id);
  report.frame = await page.$eval("iframe", (f) => ({ sandbox: f.getAttribute("sandbox"), src: f.src, title: f.title }));
  report.object = await page.$eval("object", (o) => ({ type: o.type, data: o.data }));
  const fetched = async (selector) => page.$eval(selector, async (link) => {
    const answer = await fetch(link.href);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    return { status: answer.status, type: answer.headers.get("content-type"), bytes: bytes.length,
             start: String.fromCharCode(...bytes.slice(0, 5)), download: link.getAttribute("download") };
  });
  report.pdf = await fetched("#pdf-link");
  report.epub = await fetched("#epub-link");
  report.audio = await page.evaluate(async () => {
    const audio = document.getElementById("audio");
    audio.muted = true;
    await audio.play();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const track = audio.textTracks[0];
    return { time: audio.currentTime, duration: audio.duration, paused: audio.paused, tracks: audio.textTracks.length,
             kind: track && track.kind, cues: track && track.cues ? track.cues.length : 0, error: audio.error && audio.error.code };
  });
  report.reportTable = await page.$$eval("table tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  report.recent = await page.$$eval("#recent li", (items) => items.length);
  report.axeResult = await axe(page);
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
