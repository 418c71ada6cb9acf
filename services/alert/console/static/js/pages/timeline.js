// Stance timeline of an actor on a topic: a uPlot chart (values for numeric shifts, stance steps
// otherwise); each point, and each row of the table under it, opens its evidence.
import uPlot from "../../vendor/uplot/uPlot.esm.js";
import { api, query } from "../api.js";
import { points, timeRange } from "../chart-data.js";
import { articleLink, errorBox, h, label, replace, timeTag } from "../dom.js";

export async function render(main, params) {
  const actor = h("input", { id: "timeline-actor", type: "text", required: true, value: params.get("actor") || "" });
  const topic = h("input", { id: "timeline-topic", type: "text", required: true, value: params.get("topic") || "" });
  const result = h("div", { id: "timeline-result" });
  const form = h("form", { class: "inline panel", role: "search", "aria-label": "Timeline of",
    onsubmit: (event) => {
      event.preventDefault();
      location.hash = `#/timeline?actor=${encodeURIComponent(actor.value.trim())}&topic=${encodeURIComponent(topic.value.trim())}`;
    } },
  h("div", { class: "field" }, h("label", { for: "timeline-actor" }, "Actor"), actor),
  h("div", { class: "field" }, h("label", { for: "timeline-topic" }, "Topic"), topic),
  h("button", { type: "submit" }, "Show timeline"));
  replace(main, h("h1", {}, "Stance timeline"), h("p", { class: "lead" }, "How an actor's stance on a topic moved, story by story."), form, result);
  if (!actor.value || !topic.value) return undefined;
  let entries;
  try {
    entries = await api(`/timeline${query({ actor: actor.value, topic: topic.value })}`);
  } catch (error) {
    replace(result, errorBox(error));
    return undefined;
  }
  if (!entries.length) {
    replace(result, h("p", { class: "empty" }, `No stories yet for ${actor.value} on ${topic.value}.`));
    return undefined;
  }
  return drawTimeline(result, entries, `${actor.value} on ${topic.value}`);
}

function drawTimeline(result, entries, title) {
  const { numeric, xs, ys, befores } = points(entries);
  const [low, high] = timeRange(xs);
  const evidence = h("section", { class: "panel evidence-panel", id: "timeline-evidence", "aria-live": "polite", tabindex: "-1" },
    h("p", { class: "hint" }, "Choose a point, or a row below, to read its evidence."));
  const open = (i) => { showEvidence(evidence, entries[i]); evidence.focus(); };
  const chartBox = h("div", { class: "chart", id: "timeline-chart", role: "img",
    "aria-label": `${numeric ? "Values" : "Stance steps"} of ${title} over time: ${entries.length} stories; the table below lists them.` });
  replace(result, h("h2", {}, title), chartBox, evidence, entriesTable(entries, open));
  const width = Math.max(320, Math.min(1100, chartBox.clientWidth - 16));
  const plot = new uPlot({
    width, height: 320,
    scales: { x: { time: true, range: () => [low, high] } },
    axes: [{}, { label: numeric ? "value" : "stance (steps up = firmer)" }],
    series: [
      {},
      {
        label: numeric ? "value after" : "stance",
        stroke: "#1f5fbf",
        width: 2,
        points: { show: true, size: 10, fill: "#1f5fbf" },
        paths: numeric ? undefined : uPlot.paths.stepped({ align: 1 }),
      },
      {
        label: "value before",
        show: numeric,
        stroke: "#9aa4b2",
        width: 0,
        points: { show: true, size: 8, fill: "#fff", stroke: "#5b6575" },
      },
    ],
    cursor: { points: { size: 12 } },
    legend: { show: numeric },
  }, [xs, ys, befores], chartBox);
  plot.over.addEventListener("click", () => {
    const i = plot.cursor.idx;
    if (i !== null && i !== undefined) open(i);
  });
  return () => plot.destroy();
}

function entriesTable(entries, open) {
  return h("table", { id: "timeline-table" },
    h("caption", { class: "visually-hidden" }, "Stories on the timeline, oldest first"),
    h("thead", {}, h("tr", {}, ["When", "Shift", "Before", "After", "Status", "Sources", ""].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, entries.map((entry, i) => h("tr", {},
      h("td", {}, timeTag(entry.first_seen)),
      h("td", {}, label(entry.direction)),
      h("td", {}, entry.before || "—"),
      h("td", {}, entry.after || "—"),
      h("td", {}, entry.status),
      h("td", { class: "num" }, entry.sources.length),
      h("td", {}, h("button", { type: "button", class: "secondary", onclick: () => open(i) }, "Evidence",
        h("span", { class: "visually-hidden" }, ` of ${timeTagText(entry)}`)))))));
}

const timeTagText = (entry) => new Date(entry.first_seen).toLocaleString();

function showEvidence(box, entry) {
  replace(box,
    h("h3", {}, `${label(entry.direction)}: ${entry.before || "?"} → ${entry.after || "?"}`),
    h("p", { class: "hint" }, `${entry.actor} · ${entry.topic} · ${entry.status} · sources: ${entry.sources.join(", ")}`),
    entry.evidence.map((item) => h("blockquote", { class: "evidence" },
      h("p", {}, item.text),
      h("div", { class: "meta" }, item.source, item.published_at ? timeTag(item.published_at) : null,
        articleLink(item.article_url, item.article_title)))));
}
