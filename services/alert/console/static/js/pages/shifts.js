// Shift explorer: every shift received, filtered on the server, searched in its text here.
import { api, query } from "../api.js";
import { SHIFT_TYPES, STATUSES, change, errorBox, evidenceBlock, h, label, percent, replace, timeTag, timelineLink } from "../dom.js";

export async function render(main, params) {
  const input = (id, type, value) => h("input", { id, type, value: value || "" });
  const actor = input("shifts-actor", "search", params.get("actor"));
  const topic = input("shifts-topic", "search", params.get("topic"));
  const search = input("shifts-text", "search", params.get("q"));
  const type = h("select", { id: "shifts-type" }, h("option", { value: "" }, "Any"), SHIFT_TYPES.map((t) => h("option", { value: t, selected: params.get("shift_type") === t }, label(t))));
  const status = h("select", { id: "shifts-status" }, h("option", { value: "" }, "Any"), STATUSES.map((s) => h("option", { value: s, selected: params.get("status") === s }, s)));
  const retracted = h("input", { id: "shifts-retracted", type: "checkbox", checked: params.get("include_retracted") === "true" });
  const results = h("div", { id: "shift-results", "aria-live": "polite" });
  const field = (id, text, control) => h("div", { class: "field" }, h("label", { for: id }, text), control);
  const form = h("form", { class: "filters panel", role: "search", "aria-label": "Search shifts",
    onsubmit: (event) => {
      event.preventDefault();
      location.hash = `#/shifts${query({ q: search.value.trim(), actor: actor.value.trim(), topic: topic.value.trim(),
        shift_type: type.value, status: status.value, include_retracted: retracted.checked ? "true" : "" })}`;
    } },
  field("shifts-text", "Words in the text", search), field("shifts-actor", "Actor", actor), field("shifts-topic", "Topic contains", topic),
  field("shifts-type", "Shift type", type), field("shifts-status", "Status", status),
  h("div", { class: "field" }, h("label", { for: "shifts-retracted" }, retracted, " Include retracted")),
  h("button", { type: "submit" }, "Search"));
  replace(main, h("h1", {}, "Shift explorer"), h("p", { class: "lead" }, "Every policy shift received, newest first, with its evidence."), form, results);
  let page;
  try {
    page = await api(`/shifts${query({ actor: actor.value.trim(), topic: topic.value.trim(), shift_type: type.value, status: status.value,
      include_retracted: retracted.checked ? "true" : "", limit: 500 })}`);
  } catch (error) {
    replace(results, errorBox(error));
    return;
  }
  const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = (s) => [s.evidence.text, ...s.extra_evidence.map((e) => e.text), s.article_title, s.actor, s.topic, s.before, s.after, s.announced_by]
    .filter(Boolean).join(" ").toLowerCase();
  const found = page.items.filter((s) => words.every((w) => haystack(s).includes(w)));
  replace(results,
    h("p", { class: "hint" }, `${found.length} shift${found.length === 1 ? "" : "s"}${words.length ? ` containing “${words.join(" ")}”` : ""} among the ${page.items.length} newest that match the filters.`),
    found.length
      ? h("ol", { class: "cards" }, found.map((shift) => h("li", { class: `card${shift.retracted_at ? " kind-retraction" : ""}` },
        h("h3", {}, shift.retracted_at ? h("span", { class: "badge retraction" }, "Retracted") : null, " ", `${shift.actor} · ${shift.topic}`),
        h("div", { class: "meta" }, h("span", { class: "badge" }, label(shift.shift_type)), h("span", { class: "badge" }, shift.status),
          h("span", {}, `confidence ${percent(shift.confidence)}`), h("span", {}, shift.source),
          shift.published_at ? timeTag(shift.published_at) : null),
        change(shift),
        evidenceBlock(shift, words),
        shift.extra_evidence.length
          ? h("details", {}, h("summary", { class: "hint" }, `${shift.extra_evidence.length} more sentence(s) stating it`),
            shift.extra_evidence.map((e) => h("blockquote", { class: "evidence" }, e.text)))
          : null,
        h("div", { class: "meta" }, timelineLink(shift),
          shift.story_id ? h("a", { href: `#/stories?id=${encodeURIComponent(shift.story_id)}` }, "Story") : null))))
      : h("p", { class: "empty" }, "No shift matches."));
}
