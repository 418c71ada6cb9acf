// Live alerts: the owner's recent alerts, then each new one as the SSE stream delivers it.
import { api, streamEvents } from "../api.js";
import {
  SHIFT_TYPES, announce, change, errorBox, evidenceBlock, h, label, matchedWords, percent, replace, timeTag, timelineLink,
} from "../dom.js";

const KEEP = 200;

export async function render(main) {
  const alerts = []; // newest first
  const seen = new Set();
  const list = h("ol", { class: "cards", id: "alert-list", "aria-label": "Alerts, newest first" });
  const dot = h("span", { class: "dot", "aria-hidden": "true" });
  const state = h("span", { id: "stream-state" }, "Connecting…");
  const ruleSelect = h("select", { id: "filter-rule" }, h("option", { value: "" }, "Any rule"));
  const actorInput = h("input", { id: "filter-actor", type: "search", placeholder: "e.g. Federal Reserve" });
  const typeSelect = h("select", { id: "filter-type" }, h("option", { value: "" }, "Any type"),
    SHIFT_TYPES.map((t) => h("option", { value: t }, label(t))));
  const count = h("p", { class: "hint", id: "alert-count" });

  const visible = (alert) => {
    const actor = actorInput.value.trim().toLowerCase();
    return (!ruleSelect.value || alert.rule_id === ruleSelect.value)
      && (!typeSelect.value || alert.shift.shift_type === typeSelect.value)
      && (!actor || alert.shift.actor.toLowerCase().includes(actor)
        || (alert.shift.announced_by || "").toLowerCase().includes(actor));
  };
  const draw = () => {
    const shown = alerts.filter(visible);
    replace(list, shown.length ? shown.map((a) => alertCard(a)) : h("li", { class: "empty" }, "No alerts yet: they appear here as they arrive."));
    count.textContent = `${shown.length} of ${alerts.length} alerts shown`;
  };
  for (const input of [ruleSelect, typeSelect]) input.addEventListener("change", draw);
  actorInput.addEventListener("input", draw);

  replace(
    main,
    h("h1", {}, "Live alerts"),
    h("div", { class: "status-line" }, dot, state),
    h("form", { class: "filters panel", role: "search", "aria-label": "Filter alerts", onsubmit: (e) => e.preventDefault() },
      h("div", { class: "field" }, h("label", { for: "filter-rule" }, "Rule"), ruleSelect),
      h("div", { class: "field" }, h("label", { for: "filter-actor" }, "Actor"), actorInput),
      h("div", { class: "field" }, h("label", { for: "filter-type" }, "Shift type"), typeSelect)),
    count,
    list,
  );

  const add = (alert, fresh) => {
    if (seen.has(alert.id)) return false;
    seen.add(alert.id);
    alerts.unshift({ ...alert, fresh });
    alerts.length = Math.min(alerts.length, KEEP);
    return true;
  };
  try {
    const [rules, history] = await Promise.all([api("/rules?limit=500"), api("/alerts?limit=50")]);
    for (const rule of rules.items) ruleSelect.append(h("option", { value: rule.id }, rule.name));
    for (const alert of history.items.reverse()) add(alert, false);
  } catch (error) {
    main.append(errorBox(error));
  }
  draw();

  const controller = new AbortController();
  streamEvents("/alerts/stream", {
    signal: controller.signal,
    onState: (now) => {
      dot.className = `dot ${now}`;
      state.textContent = now === "live" ? "Live: new alerts appear here as they are sent" : "Disconnected: reconnecting…";
    },
    onEvent: (event) => {
      if (event.event !== "alert") return;
      const alert = JSON.parse(event.data);
      if (!add(alert, true)) return;
      draw();
      const what = alert.kind === "retraction" ? "Retraction" : "New alert";
      announce(`${what}: ${alert.shift.actor}, ${alert.shift.topic}`);
    },
  });
  return () => controller.abort();
}

export function alertCard(alert) {
  const shift = alert.shift;
  const retraction = alert.kind === "retraction";
  const sources = alert.story_sources ? `${alert.story_sources} source${alert.story_sources === 1 ? "" : "s"}` : null;
  return h(
    "li", { class: `card kind-${alert.kind}${alert.fresh ? " is-new" : ""}`, "data-alert-id": alert.id },
    h("article", { "aria-label": `${retraction ? "Retraction: " : ""}${shift.actor}, ${shift.topic}` },
      h("h3", {}, retraction ? h("span", { class: "badge retraction" }, "Retracted") : null, " ",
        `${shift.actor} · ${shift.topic}`),
      retraction ? h("p", { class: "error" }, "An edit of the article no longer reports this shift.") : null,
      h("div", { class: "meta" },
        h("span", { class: "badge" }, label(shift.shift_type)),
        h("span", { class: "badge" }, label(shift.status)),
        alert.kind === "update" ? h("span", { class: "badge update" }, "update") : null,
        h("span", {}, `confidence ${percent(shift.confidence)}`),
        h("span", {}, `source ${shift.source}`),
        sources ? h("span", {}, sources) : null,
        shift.announced_by ? h("span", {}, `announced by ${shift.announced_by}`) : null,
        h("span", {}, "rule ", h("strong", {}, alert.rule_name || alert.rule_id)),
        timeTag(alert.created_at)),
      change(shift),
      evidenceBlock(shift, matchedWords(alert.reasons)),
      h("div", { class: "meta" }, timelineLink(shift),
        alert.story_id ? h("a", { href: `#/stories?id=${encodeURIComponent(alert.story_id)}` }, "Story") : null),
      alert.reasons && alert.reasons.length
        ? h("details", {}, h("summary", { class: "hint" }, "Why it matched"),
          h("ul", { class: "reasons" }, alert.reasons.map((r) => h("li", {}, r))))
        : null),
  );
}
