// Operations: the feed sources' health, dead letters with their reasons, consumer lag.
import { api } from "../api.js";
import { errorBox, h, replace, timeTag } from "../dom.js";

const table = (caption, headings, rows) => h("table", {},
  h("caption", { class: "visually-hidden" }, caption),
  h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
  h("tbody", {}, rows));

function health(source) {
  if (source.failures > 0) return h("span", { class: "health-failing" }, `failing (${source.failures} in a row)`);
  if (source.silent) return h("span", { class: "health-silent" }, `silent for ${Math.round(source.silent_for_seconds / 3600)} h`);
  return h("span", { class: "health-ok" }, "ok");
}

function sourcesView(report) {
  if (report.error && !report.sources.length) return h("p", { class: report.configured ? "error" : "hint" }, report.error);
  if (!report.sources.length) return h("p", { class: "empty" }, "No feed sources registered.");
  return table("Feed sources", ["Source", "Health", "Last success", "Last new item", "New / seen", "Last error"],
    report.sources.map((s) => h("tr", {},
      h("td", {}, h("strong", {}, s.name), h("br"), h("span", { class: "hint" }, s.url)),
      h("td", {}, health(s)),
      h("td", {}, s.last_success_at ? timeTag(s.last_success_at) : "never"),
      h("td", {}, s.last_new_item_at ? timeTag(s.last_new_item_at) : "never"),
      h("td", { class: "num" }, `${s.items_new} / ${s.items_seen}`),
      h("td", {}, s.last_error || ""))));
}

function deadLettersView(letters) {
  if (letters.error) return h("p", { class: "error" }, letters.error);
  if (!letters.items.length) return h("p", { class: "empty" }, "No dead letters: every message was processed.");
  return [h("p", { class: "hint" }, `${letters.total} kept; the newest ${letters.items.length}:`),
    table("Dead letters", ["When", "Service", "Subject", "Reason", "Deliveries"],
      letters.items.map((d) => h("tr", {},
        h("td", {}, timeTag(d.failed_at)), h("td", {}, d.service), h("td", {}, h("code", {}, d.subject)),
        h("td", {}, d.reason), h("td", { class: "num" }, d.deliveries))))];
}

function lagView(rows) {
  return table("Consumer lag", ["Reader", "Stream", "Consumer", "Pending", "Unacknowledged", "Redelivered"],
    rows.map((r) => h("tr", {},
      h("td", {}, r.reader), h("td", {}, r.stream), h("td", {}, h("code", {}, r.durable)),
      r.error ? h("td", { colspan: 3, class: "hint" }, r.error)
        : [h("td", { class: "num" }, r.pending), h("td", { class: "num" }, r.ack_pending), h("td", { class: "num" }, r.redelivered)])));
}

export async function render(main) {
  const sections = {
    sources: h("div", { id: "ops-sources" }, h("p", { class: "hint" }, "Loading…")),
    deadLetters: h("div", { id: "ops-dead-letters" }, h("p", { class: "hint" }, "Loading…")),
    lag: h("div", { id: "ops-lag" }, h("p", { class: "hint" }, "Loading…")),
  };
  replace(main, h("h1", {}, "Operations"),
    h("section", { "aria-labelledby": "ops-sources-title" }, h("h2", { id: "ops-sources-title" }, "Feed sources"), sections.sources),
    h("section", { "aria-labelledby": "ops-dl-title" }, h("h2", { id: "ops-dl-title" }, "Dead letters"), sections.deadLetters),
    h("section", { "aria-labelledby": "ops-lag-title" }, h("h2", { id: "ops-lag-title" }, "Consumer lag"), sections.lag));
  const load = async (box, path, view) => {
    try { replace(box, view(await api(path))); } catch (error) { replace(box, errorBox(error)); }
  };
  await Promise.all([
    load(sections.sources, "/operations/sources", sourcesView),
    load(sections.deadLetters, "/operations/dead-letters", deadLettersView),
    load(sections.lag, "/operations/lag", lagView),
  ]);
}
