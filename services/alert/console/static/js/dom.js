// Building DOM nodes without innerHTML: every text from the API is set as text, never as markup.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "class") node.className = value;
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export function announce(text) {
  const region = document.getElementById("announcer");
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 50);
}

export const SHIFT_TYPES = ["reversal", "softening", "hardening", "new_commitment", "withdrawal", "numeric_change"];
export const STATUSES = ["enacted", "announced", "proposed", "conditional"];
export const ACTOR_TYPES = ["state", "official", "international_org", "party", "company", "central_bank", "other"];

export const label = (word) => String(word).replace(/_/g, " ").replace(/:/g, ", ");

export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function timeTag(iso) {
  return h("time", { datetime: iso }, when(iso));
}

export function percent(value) {
  return `${Math.round(value * 100)}%`;
}

function quantityText(quantity) {
  if (!quantity || (quantity.from == null && quantity.to == null)) return null;
  const unit = quantity.unit ? ` ${quantity.unit}` : "";
  const year = quantity.year ? ` by ${quantity.year}` : "";
  const from = quantity.from == null ? "?" : quantity.from;
  return `${from} → ${quantity.to ?? "?"}${unit}${year}`;
}

// "before → after", and the quantity when the shift has one.
export function change(shift) {
  const quantity = quantityText(shift.quantity);
  return h(
    "p", { class: "change" },
    h("span", { class: "before" }, shift.before || "(not stated)"),
    h("span", { class: "arrow", "aria-label": "changed to" }, "→"),
    h("strong", { class: "after" }, shift.after || "(not stated)"),
    quantity ? h("span", { class: "quantity hint" }, ` (${quantity})`) : null,
  );
}

// The words a rule matched, from its reasons: query: "tariff" in ..., topic: "steel" in ...
export function matchedWords(reasons) {
  const words = [];
  for (const reason of reasons || []) {
    const found = /^(?:query|topic): "([^"]+)" in /.exec(reason);
    if (found) words.push(found[1]);
  }
  return words;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The evidence sentence with the matched words in <mark>: whole words, any case, plurals folded.
export function highlighted(text, words) {
  const parts = words.filter(Boolean).map((word) => word.trim().split(/\s+/).map(escapeRegExp).join("\\W+"));
  if (!parts.length) return [text];
  const pattern = new RegExp(`\\b(?:${parts.join("|")})(?:s|es)?\\b`, "giu");
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    nodes.push(text.slice(last, match.index), h("mark", {}, match[0]));
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}

// Only http(s) links leave the console: a message's URL never becomes a javascript: link.
export function articleLink(url, title) {
  let safe = null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") safe = parsed.href;
  } catch {
    safe = null;
  }
  return safe
    ? h("a", { href: safe, rel: "noopener noreferrer", target: "_blank" }, title || "Read the article")
    : h("span", { class: "hint" }, title || "");
}

export function evidenceBlock(shift, words = []) {
  return h(
    "blockquote", { class: "evidence" },
    h("p", {}, highlighted(shift.evidence.text, words)),
    articleLink(shift.article_url, shift.article_title),
  );
}

export function timelineLink(shift) {
  const target = `#/timeline?actor=${encodeURIComponent(shift.actor)}&topic=${encodeURIComponent(shift.topic)}`;
  return h("a", { href: target }, "Timeline");
}

export function errorBox(error) {
  return h("p", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error));
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
