// A screenshot of a page's first screen in headless Chromium, in a colour scheme.
// Usage: node tests/js/screenshot.mjs PAGE.html OUT.png [light|dark] [WIDTH] [HEIGHT] [HOVER_SELECTOR] [AT_SECONDS]
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const [page_, out, scheme = "light", width = "1000", height = "800", hover = "", at = ""] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: Number(width), height: Number(height) });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme },
                                   { name: "prefers-reduced-motion", value: "reduce" }]);
  await page.goto(pathToFileURL(path.resolve(page_)).href);
  if (at) {  // the player paused at that moment, with what is spoken then highlighted
    await page.evaluate((time) => new Promise((resolve) => {
      const audio = document.getElementById("narration");
      audio.addEventListener("seeked", resolve, { once: true });
      audio.currentTime = time;
    }), Number(at));
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  if (hover) await page.hover(hover);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
