// What the timeline chart plots, apart from drawing it (no DOM: node runs it in the tests).

const STEP = { hardening: 1, new_commitment: 1, "numeric_change:up": 1, softening: -1, withdrawal: -1, "numeric_change:down": -1 };

export function firstNumber(text) {
  const found = /-?\d+(?:[.,]\d+)?/.exec(String(text || "").replace(/(\d),(\d{3})/g, "$1$2"));
  return found ? Number(found[0].replace(",", ".")) : null;
}

// Per entry: the value after (and before) each shift when every entry states one, else stance steps.
export function points(entries) {
  const values = entries.map((e) => firstNumber(e.after));
  const numeric = entries.length > 0 && values.every((v) => v !== null);
  let level = 0;
  const ys = entries.map((entry, i) => {
    if (numeric) return values[i];
    if (entry.direction === "reversal") level = level === 0 ? -1 : -level;
    else level += STEP[entry.direction] || 0;
    return level;
  });
  const befores = numeric ? entries.map((e) => firstNumber(e.before)) : entries.map(() => null);
  return { numeric, xs: entries.map((e) => Date.parse(e.first_seen) / 1000), ys, befores };
}

// The time axis: the stories' span with a margin, and at least a week around a single one.
export function timeRange(xs) {
  const low = Math.min(...xs);
  const high = Math.max(...xs);
  const margin = Math.max((high - low) * 0.05, 3.5 * 86400);
  return [low - margin, high + margin];
}
