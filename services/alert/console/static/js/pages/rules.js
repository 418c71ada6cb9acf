// Rules: list, create, edit, delete; the rule checked as it is typed; versions; a backtest.
import { ApiError, api } from "../api.js";
import {
  SHIFT_TYPES, STATUSES, announce, change, debounce, errorBox, h, label, replace, timeTag,
} from "../dom.js";

const splitList = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);

export async function render(main, params) {
  const listBox = h("div", { id: "rule-list" });
  const editor = h("section", { id: "rule-editor", class: "panel", "aria-labelledby": "editor-title" });
  replace(main, h("h1", {}, "Rules"), h("p", { class: "lead" }, "What you watch: each rule sends an alert when a shift matches all its conditions."),
    editor, h("h2", {}, "Your rules"), listBox);
  const reload = async () => {
    try {
      const page = await api("/rules?limit=500");
      replace(listBox, rulesTable(page.items, { edit: (rule) => openEditor(editor, rule, reload), reload }));
    } catch (error) {
      replace(listBox, errorBox(error));
    }
  };
  let editing = null;
  if (params.get("id")) {
    try { editing = await api(`/rules/${encodeURIComponent(params.get("id"))}`); } catch { editing = null; }
  }
  openEditor(editor, editing, reload);
  await reload();
}

function rulesTable(rules, { edit, reload }) {
  if (!rules.length) return h("p", { class: "empty" }, "No rules yet: create one above.");
  return h("table", {},
    h("caption", { class: "visually-hidden" }, "Your rules"),
    h("thead", {}, h("tr", {}, ["Name", "Conditions", "Version", "Updated", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rules.map((rule) => {
      const versions = h("div");
      return h("tr", { "data-rule-id": rule.id },
        h("th", { scope: "row" }, rule.name),
        h("td", {}, conditions(rule)),
        h("td", { class: "num" }, `v${rule.version}`),
        h("td", {}, timeTag(rule.updated_at)),
        h("td", {},
          h("div", { class: "actions" },
            h("button", { type: "button", class: "secondary", onclick: () => edit(rule) }, "Edit", h("span", { class: "visually-hidden" }, ` ${rule.name}`)),
            h("button", { type: "button", class: "secondary", onclick: () => showVersions(rule, versions) }, "Versions", h("span", { class: "visually-hidden" }, ` of ${rule.name}`)),
            h("button", { type: "button", class: "danger", onclick: () => remove(rule, reload) }, "Delete", h("span", { class: "visually-hidden" }, ` ${rule.name}`))),
          versions));
    })));
}

function conditions(rule) {
  const parts = [];
  if (rule.query) parts.push(h("code", {}, rule.query));
  if (rule.actors.length) parts.push(`actors: ${rule.actors.join(", ")}`);
  if (rule.topics.length) parts.push(`topics: ${rule.topics.join(", ")}`);
  if (rule.shift_types.length) parts.push(`types: ${rule.shift_types.map(label).join(", ")}`);
  if (rule.statuses.length) parts.push(`statuses: ${rule.statuses.join(", ")}`);
  if (rule.min_confidence > 0) parts.push(`confidence ≥ ${rule.min_confidence}`);
  if (rule.min_sources > 1) parts.push(`sources ≥ ${rule.min_sources}`);
  return parts.length ? parts.flatMap((p, i) => (i ? [" · ", p] : [p])) : h("span", { class: "warn" }, "any shift");
}

async function showVersions(rule, box) {
  try {
    const versions = await api(`/rules/${encodeURIComponent(rule.id)}/versions`);
    replace(box, h("ol", { class: "hint", "aria-label": `Versions of ${rule.name}` }, versions.map((v) =>
      h("li", {}, `v${v.version} `, timeTag(v.created_at), `: ${v.name}`, v.spec.query ? ` · ${v.spec.query}` : ""))));
  } catch (error) {
    replace(box, errorBox(error));
  }
}

async function remove(rule, reload) {
  if (!window.confirm(`Delete the rule "${rule.name}"? Its alerts stay in your history.`)) return;
  try {
    await api(`/rules/${encodeURIComponent(rule.id)}`, { method: "DELETE" });
    announce(`Rule ${rule.name} deleted`);
  } catch (error) {
    announce(error.message);
  }
  await reload();
}

function checkboxes(name, legend, values, chosen) {
  return h("fieldset", {}, h("legend", {}, legend),
    values.map((value) => h("label", {}, h("input", { type: "checkbox", name, value, checked: chosen.includes(value) }), ` ${label(value)}`)));
}

function openEditor(editor, rule, reload) {
  const r = rule || { name: "", actors: [], topics: [], query: "", shift_types: [], statuses: [], min_confidence: 0, min_sources: 1, notify_updates: false };
  const field = (id, text, input, hint) => h("div", { class: `field${id === "rule-query" ? " wide" : ""}` },
    h("label", { for: id }, text), input, hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null);
  const name = h("input", { id: "rule-name", type: "text", required: true, value: r.name, maxlength: 200 });
  const actors = h("input", { id: "rule-actors", type: "text", value: r.actors.join(", "), "aria-describedby": "rule-actors-hint" });
  const topics = h("input", { id: "rule-topics", type: "text", value: r.topics.join(", "), "aria-describedby": "rule-topics-hint" });
  const queryInput = h("textarea", { id: "rule-query", rows: 2, "aria-describedby": "rule-query-hint rule-check", spellcheck: "false" });
  queryInput.value = r.query || "";
  const minConfidence = h("input", { id: "rule-min-confidence", type: "number", min: 0, max: 1, step: 0.05, value: r.min_confidence });
  const minSources = h("input", { id: "rule-min-sources", type: "number", min: 1, step: 1, value: r.min_sources });
  const notify = h("input", { id: "rule-notify", type: "checkbox", checked: r.notify_updates });
  const checkBox = h("div", { id: "rule-check", "aria-live": "polite" });
  const backtestBox = h("div", { id: "backtest-result", "aria-live": "polite" });
  const saveMessage = h("div", { "aria-live": "assertive" });
  const saveButton = h("button", { type: "submit" }, rule ? "Save a new version" : "Create rule");

  const form = h("form", { id: "rule-form", novalidate: true },
    h("div", { class: "filters" },
      field("rule-name", "Name", name),
      field("rule-actors", "Actors", actors, "Comma-separated; aliases work (Fed, RBA)."),
      field("rule-topics", "Topics", topics, "Comma-separated words in the topic."),
      field("rule-query", "Query", queryInput, 'AND, OR, NOT, "phrases", parentheses: tariff AND (steel OR aluminium)')),
    h("div", { class: "filters" },
      checkboxes("shift_types", "Shift types", SHIFT_TYPES, r.shift_types),
      checkboxes("statuses", "Statuses", STATUSES, r.statuses),
      field("rule-min-confidence", "Minimum confidence", minConfidence),
      field("rule-min-sources", "Minimum sources", minSources),
      h("div", { class: "field" }, h("label", { for: "rule-notify" }, notify, " Alert on later corroborations"))),
    checkBox,
    h("div", { class: "actions" },
      saveButton,
      h("button", { type: "button", class: "secondary", id: "backtest-button", onclick: () => backtest(draft(), backtestBox) }, "Backtest: last 30 days"),
      rule ? h("button", { type: "button", class: "secondary", onclick: () => openEditor(editor, null, reload) }, "New rule instead") : null),
    saveMessage,
    backtestBox);

  const draft = () => ({
    name: name.value.trim() || "draft",
    actors: splitList(actors.value),
    topics: splitList(topics.value),
    query: queryInput.value.trim() ? queryInput.value : null,
    shift_types: [...form.querySelectorAll('input[name="shift_types"]:checked')].map((i) => i.value),
    statuses: [...form.querySelectorAll('input[name="statuses"]:checked')].map((i) => i.value),
    min_confidence: Number(minConfidence.value || 0),
    min_sources: Number(minSources.value || 1),
    notify_updates: notify.checked,
  });
  const check = debounce(() => checkRule(draft(), { queryInput, checkBox, saveButton }), 250);
  form.addEventListener("input", check);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!name.value.trim()) { replace(saveMessage, errorBox("Give the rule a name.")); name.focus(); return; }
    try {
      const body = { ...draft(), name: name.value.trim() };
      const saved = rule
        ? await api(`/rules/${encodeURIComponent(rule.id)}`, { method: "PATCH", body }) // keeps webhook and delivery
        : await api("/rules", { method: "POST", body });
      await reload(); // the list shows the new version before the page says it is saved
      openEditor(editor, saved, reload);
      replace(editor.querySelector("[aria-live=assertive]"), h("p", { class: "ok", role: "status" }, `Saved “${saved.name}”, version ${saved.version}.`));
      announce(`Rule ${saved.name} saved, version ${saved.version}`);
    } catch (error) {
      replace(saveMessage, errorBox(error));
      showCheckError(error, { queryInput, checkBox });
    }
  });
  replace(editor, h("h2", { id: "editor-title" }, rule ? `Edit “${rule.name}”` : "New rule"), form);
  if (queryInput.value) check();
}

async function checkRule(body, { queryInput, checkBox, saveButton }) {
  try {
    const result = await api("/rules/check", { method: "POST", body });
    queryInput.removeAttribute("aria-invalid");
    saveButton.disabled = false;
    replace(checkBox,
      h("p", { class: "ok" }, result.query ? `Query OK: ${result.query}` : "Rule OK."),
      result.warnings.map((w) => h("p", { class: "warn" }, `Note: ${w}`)));
  } catch (error) {
    showCheckError(error, { queryInput, checkBox });
    saveButton.disabled = error instanceof ApiError && error.status === 422;
  }
}

function showCheckError(error, { queryInput, checkBox }) {
  const detail = error instanceof ApiError && Array.isArray(error.body?.detail) ? error.body.detail : null;
  const queryError = detail && detail.find((e) => (e.loc || []).includes("query"));
  if (!queryError) {
    queryInput.removeAttribute("aria-invalid");
    replace(checkBox, errorBox(error));
    return;
  }
  queryInput.setAttribute("aria-invalid", "true");
  const position = queryError.ctx?.position ?? Number((/at position (\d+)/.exec(queryError.msg) || [])[1]);
  const text = queryInput.value;
  const marker = Number.isInteger(position)
    ? h("span", { class: "query-marker", "aria-hidden": "true" }, text.slice(0, position),
      h("span", { class: "at" }, text.slice(position, position + 1) || " "), text.slice(position + 1))
    : null;
  replace(checkBox, h("p", { class: "error", id: "query-error" }, `Query: ${queryError.msg.replace(/^Value error, /, "")}`), marker);
}

async function backtest(rule, box) {
  replace(box, h("p", { class: "hint" }, "Replaying the last 30 days…"));
  try {
    const result = await api("/rules/backtest", { method: "POST", body: { rule } });
    const times = result.fired === 1 ? "once" : `${result.fired} times`;
    replace(box,
      h("h3", {}, `This rule would have fired ${times} in the last 30 days`),
      h("p", { class: "hint" }, `${result.shifts_scanned} stored shift${result.shifts_scanned === 1 ? "" : "s"} replayed; no alert was sent.`),
      h("ol", { class: "cards" }, result.hits.map((hit) => h("li", { class: "card" },
        h("h4", {}, `${hit.shift.actor} · ${hit.shift.topic}`),
        h("div", { class: "meta" }, h("span", { class: "badge" }, hit.kind), h("span", { class: "badge" }, label(hit.shift.shift_type)),
          hit.shift.published_at ? timeTag(hit.shift.published_at) : null),
        change(hit.shift)))));
  } catch (error) {
    replace(box, errorBox(error));
  }
}
