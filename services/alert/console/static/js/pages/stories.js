// Stories: shifts that report the same change, with their sources; one opens with its shifts.
import { api, query } from "../api.js";
import { change, errorBox, evidenceBlock, h, label, replace, timeTag, timelineLink } from "../dom.js";

export async function render(main, params) {
  const actor = h("input", { id: "stories-actor", type: "search", value: params.get("actor") || "" });
  const topic = h("input", { id: "stories-topic", type: "search", value: params.get("topic") || "" });
  const list = h("div", { id: "story-list" });
  const opened = h("section", { id: "story-detail", "aria-live": "polite" });
  const form = h("form", { class: "inline panel", role: "search", "aria-label": "Filter stories",
    onsubmit: (event) => {
      event.preventDefault();
      location.hash = `#/stories${query({ actor: actor.value.trim(), topic: topic.value.trim() })}`;
    } },
  h("div", { class: "field" }, h("label", { for: "stories-actor" }, "Actor"), actor),
  h("div", { class: "field" }, h("label", { for: "stories-topic" }, "Topic contains"), topic),
  h("button", { type: "submit" }, "Filter"));
  replace(main, h("h1", {}, "Stories"), h("p", { class: "lead" }, "Articles that report the same change of the same actor form one story."), form, opened, list);
  if (params.get("id")) await openStory(params.get("id"), opened);
  try {
    const page = await api(`/stories${query({ actor: actor.value.trim(), topic: topic.value.trim(), limit: 100 })}`);
    replace(list, page.items.length ? storiesTable(page.items, (id) => openStory(id, opened)) : h("p", { class: "empty" }, "No stories yet."));
  } catch (error) {
    replace(list, errorBox(error));
  }
}

function storiesTable(stories, open) {
  return h("table", {},
    h("caption", { class: "visually-hidden" }, "Stories, most recently seen first"),
    h("thead", {}, h("tr", {}, ["Actor", "Topic", "Direction", "Sources", "Shifts", "Last seen", ""].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, stories.map((story) => h("tr", {},
      h("td", {}, story.actor),
      h("td", {}, story.topic),
      h("td", {}, label(story.direction)),
      h("td", {}, story.sources.join(", ")),
      h("td", { class: "num" }, story.shift_count),
      h("td", {}, timeTag(story.last_seen)),
      h("td", {}, h("button", { type: "button", class: "secondary", onclick: () => open(story.id) }, "Open",
        h("span", { class: "visually-hidden" }, ` the story ${story.actor}, ${story.topic}`)))))));
}

async function openStory(id, box) {
  try {
    const story = await api(`/stories/${encodeURIComponent(id)}`);
    replace(box, h("div", { class: "panel" },
      h("h2", {}, `${story.actor} · ${story.topic}`),
      h("p", { class: "hint" }, `${label(story.direction)} · ${story.source_count} independent source${story.source_count === 1 ? "" : "s"}: ${story.sources.join(", ")} · `,
        timelineLink({ actor: story.actor, topic: story.topic })),
      h("ol", { class: "cards" }, story.shifts.map((shift) => h("li", { class: "card" },
        h("div", { class: "meta" }, h("strong", {}, shift.source), shift.published_at ? timeTag(shift.published_at) : null,
          h("span", { class: "badge" }, shift.status)),
        change(shift),
        evidenceBlock(shift))))));
  } catch (error) {
    replace(box, errorBox(error));
  }
}
