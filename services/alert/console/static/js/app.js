// The console's shell: sign in, the page router (#/alerts, #/rules?id=...), sign out.
import { api, clearKey, getKey, setKey } from "./api.js";
import { errorBox, h, replace } from "./dom.js";

const PAGES = {
  alerts: () => import("./pages/alerts.js"),
  rules: () => import("./pages/rules.js"),
  timeline: () => import("./pages/timeline.js"),
  stories: () => import("./pages/stories.js"),
  shifts: () => import("./pages/shifts.js"),
  operations: () => import("./pages/operations.js"),
};

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const signOutButton = document.getElementById("sign-out");
let leave = null; // the current page's clean-up (closes its alert stream)

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [name, search = ""] = hash.split("?");
  return { name: name || "alerts", params: new URLSearchParams(search) };
}

async function show() {
  if (leave) { leave(); leave = null; }
  const signedIn = Boolean(getKey());
  nav.hidden = !signedIn;
  signOutButton.hidden = !signedIn;
  if (!signedIn) { signInPage(); return; }
  const { name, params } = route();
  const load = PAGES[name] || PAGES.alerts;
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === `#/${name}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  try {
    const page = await load();
    replace(main);
    leave = (await page.render(main, params)) || null;
  } catch (error) {
    replace(main, h("h1", {}, "Something went wrong"), errorBox(error));
  }
  const heading = main.querySelector("h1");
  document.title = `${heading ? heading.textContent : "Console"} · PolicyWatch`;
  main.focus({ preventScroll: true });
}

function signInPage() {
  const input = h("input", { id: "api-key", name: "api-key", type: "password", autocomplete: "off", required: true, "aria-describedby": "api-key-hint" });
  const message = h("div", { "aria-live": "assertive" });
  const form = h(
    "form", { class: "panel", onsubmit: (event) => { event.preventDefault(); signIn(input.value.trim(), message); } },
    h("div", { class: "field wide" },
      h("label", { for: "api-key" }, "API key"),
      input,
      h("p", { id: "api-key-hint", class: "hint" },
        "Your owner's key (policywatch alert create-owner NAME prints one). It is kept in this tab only, until you sign out or close it."),
    ),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in")),
    message,
  );
  replace(main, h("h1", {}, "Sign in"), h("p", { class: "lead" }, "Policy shifts in the news, as they are detected."), form);
  document.title = "Sign in · PolicyWatch";
  input.focus();
}

async function signIn(key, message) {
  if (!key) return;
  setKey(key);
  try {
    await api("/rules?limit=1", { trying: true });
  } catch (error) {
    clearKey();
    replace(message, errorBox(error.status === 401 ? "That key was not accepted." : error));
    return;
  }
  if (!location.hash || location.hash === "#/") location.hash = "#/alerts";
  else show();
}

signOutButton.addEventListener("click", () => { clearKey(); location.hash = ""; show(); });
window.addEventListener("policywatch:signed-out", () => show());
window.addEventListener("hashchange", show);
show();
