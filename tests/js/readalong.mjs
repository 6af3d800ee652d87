// Drives the web edition's read-along player in headless Chromium and reports what it saw.
// Usage: node tests/js/readalong.mjs PAGE.html
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const url = pathToFileURL(path.resolve(process.argv[2])).href;
const browser = await launch(["--autoplay-policy=no-user-gesture-required", "--mute-audio"]);
const report = {};
const seeked = (page, time) => page.evaluate((t) => new Promise((resolve) => {
  const audio = document.getElementById("narration");
  audio.addEventListener("seeked", () => setTimeout(resolve, 30), { once: true });
  audio.currentTime = t;
}), time);
try {
  const page = await browser.newPage();
  await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
  const consoleErrors = [];
  page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  await page.goto(url);
  const timings = await page.evaluate(() => JSON.parse(document.getElementById("narration-timings").textContent));
  report.controlsShown = await page.evaluate(() => !document.getElementById("player-controls").hidden);
  report.readFromHere = await page.evaluate(() => document.querySelectorAll("button.read-from-here").length);
  report.paragraphs = await page.evaluate(() => document.querySelectorAll("[data-first-sentence]").length);

  // Keyboard only: tab to the play button, press Enter.
  await page.evaluate(() => { document.getElementById("narration").muted = true; });
  let focused = "";
  for (let i = 0; i < 40 && focused !== "player-play"; i += 1) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  report.reachedPlayByTab = focused === "player-play";
  await page.keyboard.press("Enter");
  report.samples = [];
  for (let i = 0; i < 6; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 700));
    report.samples.push(await page.evaluate(() => {
      const speaking = document.querySelector(".speaking");
      return { time: document.getElementById("narration").currentTime, id: speaking ? speaking.id : null,
               pressed: document.getElementById("player-play").getAttribute("aria-pressed"),
               focus: document.activeElement && document.activeElement.id };
    }));
  }
  // Across a sentence boundary: the highlight follows the audio.
  // a boundary between two sentences spoken one after the other, the first long enough to hear
  const boundary = timings.cues.find((s, i) => i > 0 && s.el !== timings.cues[i - 1].el && s.start - timings.cues[i - 1].end < 0.1
    && s.start - timings.cues[i - 1].start > 1.5 && s.end - s.start > 2);
  report.boundary = boundary ? boundary.start : null;
  if (boundary) {
    await page.evaluate((time) => { document.getElementById("narration").currentTime = time; }, boundary.start - 1.2);
    report.crossing = [];
    for (let i = 0; i < 6; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 450));
      report.crossing.push(await page.evaluate(() => ({ time: document.getElementById("narration").currentTime,
        id: (document.querySelector(".speaking") || {}).id || null })));
    }
  }
  if (process.env.SCREENSHOT) {
    await page.setViewport({ width: 1000, height: 900 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.screenshot({ path: process.env.SCREENSHOT });
  }
  // Next sentence by keyboard: Tab to the button and press Enter (focus stays where the user put it).
  // The playback position is read in the page as the key goes down and right after the jump, so that
  // neither the round trips to the browser nor a busy machine move it.
  await page.focus("#player-next-sentence");
  await page.evaluate(() => window.addEventListener("keydown", () => {
    window.timeAtKey = document.getElementById("narration").currentTime;
  }, { capture: true, once: true }));
  await page.keyboard.press("Enter");
  const jumped = await page.evaluate(() => ({ before: window.timeAtKey,
                                              time: document.getElementById("narration").currentTime }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  report.afterNext = { time: jumped.time,
                       id: await page.evaluate(() => (document.querySelector(".speaking") || {}).id || null) };
  report.before = jumped.before;
  report.timings = timings;
  await page.focus("#player-play");
  await page.keyboard.press("Enter");
  await new Promise((resolve) => setTimeout(resolve, 300));
  report.pausedPressed = await page.evaluate(() => document.getElementById("player-play").getAttribute("aria-pressed"));

  // Every cue: what is highlighted halfway through it is the element that shows it.
  report.cueMisses = [];
  for (const cue of timings.cues) {
    await seeked(page, (cue.start + cue.end) / 2);
    const id = await page.evaluate(() => (document.querySelector(".speaking") || {}).id || null);
    if (id !== cue.el) report.cueMisses.push({ cue: cue.id, el: cue.el, highlighted: id });
  }

  // "Read from here": quiet until its paragraph is hovered or it has the keyboard's focus.
  const opacity = () => page.evaluate(() => Number(getComputedStyle(document.querySelector(".read-from-here")).opacity));
  await page.mouse.move(0, 0);
  report.revealRest = await opacity();
  await page.hover("[data-first-sentence]");
  report.revealHover = await opacity();
  await page.mouse.move(0, 0);
  await page.focus(".read-from-here");
  report.revealFocus = await opacity();
  report.readFromHereName = await page.evaluate(() => document.querySelector(".read-from-here").getAttribute("aria-label"));
  await page.keyboard.press("Enter");
  await new Promise((resolve) => setTimeout(resolve, 400));
  report.readFromHereTime = await page.evaluate(() => document.getElementById("narration").currentTime);
  report.readFromHereCue = await page.evaluate(() => document.querySelector(".read-from-here").parentElement.dataset.firstSentence);

  // The progress bar by keyboard, the clock, and the position remembered over a reload.
  await page.evaluate(() => document.getElementById("narration").pause());
  await seeked(page, 20);
  await page.focus("#player-progress");
  await page.keyboard.press("ArrowRight");
  await new Promise((resolve) => setTimeout(resolve, 200));
  report.afterArrow = await page.evaluate(() => document.getElementById("narration").currentTime);
  report.clock = await page.evaluate(() => document.getElementById("player-time").textContent);
  report.valueText = await page.evaluate(() => document.getElementById("player-progress").getAttribute("aria-valuetext"));
  report.marks = await page.evaluate(() => document.querySelectorAll(".player-marks span").length);
  await page.evaluate(() => document.getElementById("narration").pause());
  await page.reload();
  await new Promise((resolve) => setTimeout(resolve, 300));
  report.resumedAt = await page.evaluate(() => document.getElementById("narration").currentTime);
  report.resumedClock = await page.evaluate(() => document.getElementById("player-time").textContent);
  report.consoleErrors = consoleErrors;

  // Without JavaScript: the whole article and the native player with captions.
  const plain = await browser.newPage();
  await plain.setJavaScriptEnabled(false);
  await plain.goto(url);
  report.noScript = await plain.evaluate(() => ({
    text: document.querySelector("article").textContent.length,
    audioControls: document.querySelector("audio[controls]") !== null,
    track: (document.querySelector("audio track[kind='captions']") || {}).src ? true : false,
    controlsHidden: document.getElementById("player-controls").hidden,
  }));
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
