// The browser app of `triptych serve`: the form (made from /v1/formats), the job's progress, its
// result, the recent jobs. Plain DOM, no library, everything from this server.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { auth: false, polling: null, formats: [] };

function token() { return sessionStorage.getItem("triptych-token") || ""; }

function setToken(value) {
  sessionStorage.setItem("triptych-token", value);
  // The media elements and frames can't send a header: the same token goes in a same-site cookie.
  document.cookie = `triptych_token=${encodeURIComponent(value)}; path=/; SameSite=Strict`;
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const answer = await fetch(path, Object.assign({}, options, { headers }));
  const type = answer.headers.get("content-type") || "";
  const body = type.includes("json") ? await answer.json() : null;
  if (!answer.ok) {
    const problem = body || {};
    const where = problem.errors && problem.errors.length ? ` (${problem.errors.map((e) => e.field).join(", ")})` : "";
    throw new Error(`${problem.detail || answer.statusText}${where}${problem.hint ? ". " + problem.hint : ""}`);
  }
  return body;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function optionField(option, owner) {
  const id = `option-${option.key}`;
  const help = element("small", { id: `${id}-help`, text: `${option.help} (${owner}; default: ${option.default})` });
  let control;
  const choices = option.type === "yes | no" ? ["yes", "no"] : option.choices;
  if (choices && choices.length) {
    control = element("select", { id, "data-key": option.key, "aria-describedby": help.id });
    control.append(element("option", { value: "", text: `default (${option.default})` }));
    for (const choice of choices) control.append(element("option", { value: choice, text: choice }));
  } else {
    control = element("input", { type: "text", id, "data-key": option.key, "aria-describedby": help.id,
                                 placeholder: option.example || "" });
  }
  return element("div", { class: "field" }, element("label", { for: id, text: option.key }), control, help);
}

async function loadFormats() {
  const data = await api("/v1/formats");
  state.formats = data.formats;
  const box = $("formats");
  const options = $("options");
  const shown = new Set();
  for (const format of data.formats) {
    const id = `format-${format.name}`;
    box.append(element("p", { class: "choice" },
      element("input", { type: "checkbox", id, name: "formats", value: format.name, checked: true }),
      element("label", { for: id, text: `${format.name}: ${format.description}` })));
    for (const option of format.options) {
      if (shown.has(option.key)) continue;
      shown.add(option.key);
      const owners = data.formats.filter((f) => f.options.some((o) => o.key === option.key)).map((f) => f.name);
      options.append(optionField(option, owners.join(", ")));
    }
  }
}

function say(text, done, total) {
  $("progress").textContent = text;
  const bar = $("progress-bar");
  bar.hidden = total === undefined;
  if (total) { bar.max = total; bar.value = done; }
}

async function submit(event) {
  event.preventDefault();
  $("form-error").textContent = "";
  if (state.auth && $("token").value) setToken($("token").value);
  const file = $("file").files[0];
  if (!file) {
    $("form-error").textContent = "Choose an article file first.";
    $("file").focus();
    return;
  }
  const form = new FormData();
  form.append("file", file, file.name);
  const formats = [...document.querySelectorAll("input[name=formats]:checked")].map((box) => box.value);
  if (!formats.length) {
    $("form-error").textContent = "Choose at least one format.";
    return;
  }
  form.append("formats", formats.join(","));
  for (const control of document.querySelectorAll("[data-key]")) {
    if (control.value.trim()) form.append("option", `${control.dataset.key}=${control.value.trim()}`);
  }
  form.append("check", $("check").checked ? "true" : "false");
  $("submit").disabled = true;
  try {
    const job = await api("/v1/jobs", { method: "POST", body: form });
    say(`Queued: ${job.name}.`, 0, job.progress.total);
    location.hash = `job=${job.id}`;
    follow(job.id);
  } catch (error) {
    $("form-error").textContent = error.message;
  } finally {
    $("submit").disabled = false;
  }
}

function follow(id) {
  clearTimeout(state.polling);
  const poll = async () => {
    let job;
    try {
      job = await api(`/v1/jobs/${id}`);
    } catch (error) {
      say(`Can't follow the job: ${error.message}`);
      return;
    }
    const { done, total } = job.progress;
    if (job.state === "queued") say(`${job.name}: queued.`, 0, total);
    else if (job.state === "running") say(`${job.name}: running, ${done} of ${total} editions made.`, done, total);
    if (job.state === "done" || job.state === "failed") {
      const took = job.finished && job.started ? ` in ${(job.finished - job.started).toFixed(1)} s` : "";
      say(`${job.name}: ${job.state === "done" ? "done" : "failed"}${took}.`, total, total);
      show(job);
      loadRecent();
      return;
    }
    state.polling = setTimeout(poll, 700);
  };
  poll();
}

function file(job, suffix) { return job.files.find((f) => f.name.endsWith(suffix)); }

function section(title, ...children) {
  return element("section", { class: "edition", "aria-label": title }, element("h3", { text: title }), ...children);
}

function show(job) {
  const body = $("result-body");
  body.replaceChildren();
  body.append(element("p", { text: `${job.name}: ${job.state}. Formats: ${job.formats.join(", ")}.` }));
  if (job.errors.length) body.append(element("ul", { class: "error" }, ...job.errors.map((e) => element("li", { text: e }))));
  const web = file(job, ".html");
  if (web && !web.name.endsWith(".report.html")) {
    body.append(section("Web edition",
      element("iframe", { src: web.url, title: `Web edition of ${job.name}`, sandbox: "allow-scripts" }),
      element("p", {}, element("a", { href: web.url, target: "_blank", rel: "noopener", text: "Open the web edition" }))));
  }
  const pdf = file(job, ".pdf");
  if (pdf) {
    body.append(section("PDF",
      element("object", { data: pdf.url, type: "application/pdf", "aria-label": `PDF edition of ${job.name}` },
        element("p", { text: "Your browser shows no PDF here." })),
      element("p", {}, element("a", { href: pdf.url, id: "pdf-link", text: `Open the PDF (${kb(pdf.bytes)})` }))));
  }
  const audio = file(job, ".mp3") || file(job, ".m4b") || file(job, ".wav");
  if (audio) {
    const player = element("audio", { controls: true, preload: "metadata", src: audio.url, id: "audio" });
    const vtt = file(job, ".vtt");
    if (vtt) player.append(element("track", { kind: "captions", src: vtt.url, label: "Captions", default: true }));
    const details = (job.editions.find((e) => e.format === "audio") || {}).details || {};
    const about = details.duration ? `${Math.round(details.duration)} s, ${details.chapters || 1} chapter(s), voice ${details.voice}` : "";
    body.append(section("Audio", player, element("p", { text: about }),
      vtt ? element("p", {}, element("a", { href: vtt.url, text: "The captions (WebVTT)" })) : null));
  }
  const epub = file(job, ".epub");
  if (epub) {
    body.append(section("EPUB", element("p", {},
      element("a", { href: epub.url, download: epub.name, id: "epub-link", text: `Download the EPUB (${kb(epub.bytes)})` }))));
  }
  body.append(report(job));
  if (job.warnings.length) {
    body.append(section("Warnings", element("ul", {}, ...job.warnings.map((w) => element("li", { text: w })))));
  }
  $("result").hidden = false;
  $("result-heading").focus();
}

function report(job) {
  if (!job.checks) return section("Accessibility report", element("p", { text: "Not checked: tick “Check the editions” to check them." }));
  const rows = job.checks.editions.map((edition) => element("tr", {},
    element("td", { text: edition.path }),
    element("td", { text: edition.kind }),
    element("td", { class: `verdict-${edition.verdict}`, text: edition.verdict }),
    element("td", {}, edition.findings.length
      ? element("ul", {}, ...edition.findings.map((f) => element("li", { text: `${f.checker} ${f.rule}: ${f.message}${f.location ? " at " + f.location : ""}` })))
      : document.createTextNode(edition.error || "no findings"))));
  const table = element("table", {},
    element("caption", { text: `Overall verdict: ${job.checks.verdict}` }),
    element("thead", {}, element("tr", {}, ...["File", "Kind", "Verdict", "Findings"].map((h) => element("th", { scope: "col", text: h })))),
    element("tbody", {}, ...rows));
  return section("Accessibility report", table,
    job.report ? element("p", {}, element("a", { href: job.report, text: "The full report" })) : null);
}

function kb(bytes) { return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`; }

async function loadRecent() {
  let data;
  try { data = await api("/v1/jobs?limit=20"); } catch (error) { return; }
  const list = $("recent");
  list.replaceChildren(...data.jobs.map((job) => element("li", {},
    element("a", { href: `#job=${job.id}`, text: job.name }),
    document.createTextNode(` — ${job.state}, ${new Date(job.created * 1000).toLocaleString()}`))));
  if (!data.jobs.length) list.append(element("li", { text: "No jobs yet." }));
}

function route() {
  const found = /job=([0-9a-f]{32})/.exec(location.hash);
  if (found) follow(found[1]);
}

function dropZone() {
  const zone = $("drop");
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    if (event.dataTransfer.files.length) $("file").files = event.dataTransfer.files;
  });
}

async function start() {
  dropZone();
  $("job-form").addEventListener("submit", submit);
  $("refresh").addEventListener("click", loadRecent);
  window.addEventListener("hashchange", route);
  const health = await (await fetch("/healthz")).json();
  state.auth = health.auth;
  $("token-row").hidden = !health.auth;
  $("token").addEventListener("change", () => { setToken($("token").value.trim()); ready(); });
  if (health.auth && !token()) { say("Give your API token, then choose an article."); return; }
  ready();
}

async function ready() {
  $("form-error").textContent = "";
  try {
    if (!state.formats.length) await loadFormats();
  } catch (error) {
    $("form-error").textContent = error.message;
    return;
  }
  loadRecent();
  route();
}

document.addEventListener("DOMContentLoaded", start);
