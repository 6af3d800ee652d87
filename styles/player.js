// Read-along player of Triptych's web edition. No network, no inline handlers: this file is
// inlined under the page's Content-Security-Policy (by hash). Without it the page still has the
// whole article and a native <audio controls> with captions.
(() => {
  "use strict";
  const audio = document.getElementById("narration");
  const data = JSON.parse(document.getElementById("narration-timings").textContent);
  const controls = document.getElementById("player-controls");
  if (!audio || !controls) return;
  const cues = data.cues;
  const sections = data.sections;
  const starts = cues.map((cue) => cue.start);
  const labels = data.labels;
  const duration = data.duration;
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const byId = (id) => document.getElementById(id);
  const progress = byId("player-progress");
  const clock = byId("player-time");
  const storageKey = `triptych:position:${data.key}`;
  let current = null;

  const format = (seconds) => {
    const whole = Math.round(Math.max(0, seconds));
    const [h, m, s] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
    const pad = (n) => String(n).padStart(2, "0");
    return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  };
  const indexAt = (time) => {
    let lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= time + 0.001) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  };
  // The element of the cue being spoken (a sentence, a heading, the deck, a table row...).
  const highlight = () => {
    const index = indexAt(audio.currentTime);
    const cue = index >= 0 && audio.currentTime <= cues[index].end + 0.5 ? cues[index] : null;
    const element = cue ? byId(cue.el) : null;
    if (element === current) return;
    if (current) current.classList.remove("speaking");
    current = element;
    if (current) {
      current.classList.add("speaking");
      const box = current.getBoundingClientRect();
      const covered = controls.closest(".player").getBoundingClientRect().bottom;
      if (box.top < covered || box.bottom > window.innerHeight) {
        current.scrollIntoView({ block: "center", behavior: reduceMotion.matches ? "auto" : "smooth" });
      }
    }
  };
  let saved = 0;
  const remember = () => {  // where the listener stopped, in this browser only
    if (Math.abs(audio.currentTime - saved) < 2 && !audio.paused) return;
    saved = audio.currentTime;
    try {
      if (audio.ended || saved < 1) window.localStorage.removeItem(storageKey);
      else window.localStorage.setItem(storageKey, String(Math.round(saved * 10) / 10));
    } catch (error) { /* storage refused (private mode, a sandboxed frame): nothing is remembered */ }
  };
  const showTime = () => {
    const time = audio.currentTime;
    progress.value = String(time);
    const text = `${format(time)} / ${format(duration)}`;
    clock.textContent = text;
    progress.setAttribute("aria-valuetext", text);
  };
  const update = () => { highlight(); showTime(); remember(); };
  const seek = (time) => {
    audio.currentTime = Math.min(Math.max(0, time), duration);
    update();
  };
  const step = (list, direction) => {
    const time = audio.currentTime;
    if (direction > 0) {
      const next = list.find((item) => item.start > time + 0.05);
      if (next) seek(next.start);
    } else {
      const earlier = list.filter((item) => item.start < time - 0.5);
      seek(earlier.length ? earlier[earlier.length - 1].start : 0);
    }
  };

  const play = byId("player-play");
  const playName = play.querySelector(".visually-hidden");
  const syncPlay = () => {
    play.setAttribute("aria-pressed", String(!audio.paused));
    playName.textContent = audio.paused ? labels.play : labels.pause;
    play.title = playName.textContent;
    play.classList.toggle("playing", !audio.paused);
  };
  play.addEventListener("click", () => (audio.paused ? audio.play() : audio.pause()));
  byId("player-prev-sentence").addEventListener("click", () => step(cues, -1));
  byId("player-next-sentence").addEventListener("click", () => step(cues, 1));
  byId("player-prev-section").addEventListener("click", () => step(sections, -1));
  byId("player-next-section").addEventListener("click", () => step(sections, 1));
  byId("player-speed").addEventListener("change", (event) => {
    audio.playbackRate = Number(event.target.value);
  });
  progress.addEventListener("input", () => seek(Number(progress.value)));
  audio.addEventListener("play", syncPlay);
  audio.addEventListener("pause", () => { syncPlay(); remember(); });
  audio.addEventListener("ended", remember);
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);
  let frame = 0;
  const follow = () => {
    highlight();
    if (!audio.paused) frame = requestAnimationFrame(follow);
  };
  audio.addEventListener("playing", () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(follow); });

  // The chapters as marks on the progress bar (decoration: the section buttons reach them).
  const marks = controls.querySelector(".player-marks");
  for (const section of sections.slice(1)) {
    const mark = document.createElement("span");
    mark.style.insetInlineStart = `${(100 * section.start) / duration}%`;
    marks.append(mark);
  }

  // "Read from here": a small control on every narrated paragraph, shown on hover and focus.
  for (const paragraph of document.querySelectorAll("[data-first-sentence]")) {
    const cue = cues.find((c) => c.id === paragraph.dataset.firstSentence);
    if (!cue) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "read-from-here";
    button.title = labels.readFromHere;
    button.setAttribute("aria-label", `${labels.readFromHere}: ${(byId(cue.el) || paragraph).textContent.slice(0, 60)}`);
    button.textContent = "▶";
    button.addEventListener("click", () => { seek(cue.start); audio.play(); });
    paragraph.prepend(button);
  }

  // The native controls give way to the player; the position is taken up where it was left.
  audio.controls = false;
  audio.hidden = true;
  controls.hidden = false;
  try {
    const stored = Number(window.localStorage.getItem(storageKey));
    if (stored > 1 && stored < duration - 1) {
      saved = stored;
      audio.currentTime = stored;
      highlight();
    }
  } catch (error) { /* no storage: start at the beginning */ }
  syncPlay();
  showTime();
})();
