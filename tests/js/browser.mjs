// Headless Debian Chromium for the page tests, with the flags this machine needs (no sandbox as
// root; no background networking, which the closed network would refuse). `extra` adds flags.
import puppeteer from "puppeteer-core";

export function launch(extra = []) {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", ...extra],
  });
}
