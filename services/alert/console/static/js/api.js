// Calls to the alert API with the owner's key, which lives in sessionStorage only.
const KEY = "policywatch.apiKey";

export const getKey = () => sessionStorage.getItem(KEY);
export const setKey = (key) => sessionStorage.setItem(KEY, key);
export const clearKey = () => sessionStorage.removeItem(KEY);

export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body;
  }
}

function describe(status, body) {
  const detail = body && body.detail;
  if (Array.isArray(detail)) {
    return detail.map((e) => `${(e.loc || []).filter((p) => p !== "body").join(".") || "request"}: ${e.msg}`).join("; ");
  }
  if (typeof detail === "string") return detail;
  return `the server answered ${status}`;
}

function signedOut() {
  clearKey();
  window.dispatchEvent(new Event("policywatch:signed-out"));
}

// A 401 signs the tab out (the key was revoked), except where the caller is trying a key.
export async function api(path, { method = "GET", body, signal, trying = false } = {}) {
  const headers = { "X-API-Key": getKey() || "", Accept: "application/json" };
  const init = { method, headers, signal };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  if (response.status === 401 && !trying) signedOut();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });

// Server-Sent Events over fetch: EventSource cannot send the X-API-Key header. Reconnects with
// Last-Event-ID, so nothing sent while the connection was down is missed.
export async function streamEvents(path, { signal, onEvent, onState }) {
  let lastId = null;
  while (!signal.aborted) {
    try {
      const headers = { "X-API-Key": getKey() || "", Accept: "text/event-stream" };
      if (lastId) headers["Last-Event-ID"] = lastId;
      const response = await fetch(path, { headers, signal });
      if (response.status === 401) { signedOut(); return; }
      if (!response.ok) throw new Error(`stream answered ${response.status}`);
      onState("live");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = (buffer + value).replace(/\r\n/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event.id) lastId = event.id;
          if (event.data) onEvent(event);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      console.warn("alert stream:", error);
    }
    onState("down");
    await sleep(2000, signal);
  }
}

function parseEvent(block) {
  const event = { event: "message", data: "", id: null };
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "data") data.push(value);
    else if (field === "event") event.event = value;
    else if (field === "id") event.id = value;
  }
  event.data = data.join("\n");
  return event;
}
