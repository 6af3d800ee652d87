// Read-along player of Triptych's web edition. No network, no inline handlers: this file is
// inlined under the page's Content-Security-Policy (by hash). Without it the page still has the
// whole article and a native <audio controls> with captions.
(() => {
  "use strict";
  const audio = document.getElementById("narration");
  const data = JSON.parse(document.getElementById("narration-timings").textContent);
  const controls = document.getElementById("player-controls");
  if (!audio || !controls) return;
  const sentences = data.sentences;
  const sections = data.sections;
  const starts = sentences.map((s) => s.start);
  const labels = data.labels;
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  let current = null;

  const byId = (id) => document.getElementById(id);
  const indexAt = (time) => {
    let lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= time + 0.001) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  };
  const highlight = () => {
    const index = indexAt(audio.currentTime);
    const sentence = index >= 0 && audio.currentTime <= sentences[index].end + 0.5 ? sentences[index] : null;
    const element = sentence ? byId(sentence.id) : null;
    if (element === current) return;
    if (current) current.classList.remove("speaking");
    current = element;
    if (current) {
      current.classList.add("speaking");
      const box = current.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        current.scrollIntoView({ block: "center", behavior: reduceMotion.matches ? "auto" : "smooth" });
      }
    }
  };
  const seek = (time) => {
    audio.currentTime = Math.max(0, time);
    highlight();
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
  const syncPlay = () => {
    play.setAttribute("aria-pressed", String(!audio.paused));
    play.textContent = audio.paused ? labels.play : labels.pause;
  };
  play.addEventListener("click", () => (audio.paused ? audio.play() : audio.pause()));
  byId("player-prev-sentence").addEventListener("click", () => step(sentences, -1));
  byId("player-next-sentence").addEventListener("click", () => step(sentences, 1));
  byId("player-prev-section").addEventListener("click", () => step(sections, -1));
  byId("player-next-section").addEventListener("click", () => step(sections, 1));
  byId("player-speed").addEventListener("change", (event) => {
    audio.playbackRate = Number(event.target.value);
  });
  audio.addEventListener("play", syncPlay);
  audio.addEventListener("pause", syncPlay);
  audio.addEventListener("timeupdate", highlight);
  audio.addEventListener("seeked", highlight);
  let frame = 0;
  const follow = () => {
    highlight();
    if (!audio.paused) frame = requestAnimationFrame(follow);
  };
  audio.addEventListener("playing", () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(follow); });

  // "Read from here" on every paragraph that is narrated.
  for (const paragraph of document.querySelectorAll("[data-first-sentence]")) {
    const sentence = sentences.find((s) => s.id === paragraph.dataset.firstSentence);
    if (!sentence) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "read-from-here";
    button.textContent = labels.readFromHere;
    button.setAttribute("aria-label", `${labels.readFromHere}: ${(byId(sentence.id) || paragraph).textContent.slice(0, 60)}`);
    button.addEventListener("click", () => { seek(sentence.start); audio.play(); });
    paragraph.prepend(button);
  }
  controls.hidden = false;
  syncPlay();
})();
