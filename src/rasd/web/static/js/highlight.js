// Report text with evidence spans marked, built from text nodes only (the text is untrusted).
import { el } from "./dom.js";

// Cut the text at every span boundary; each piece knows which spans cover it, so nested
// or overlapping spans (an event's evidence containing its location) both show.
export function pieces(text, spans) {
  const cuts = new Set([0, text.length]);
  const valid = spans.filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end);
  for (const s of valid) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const names = valid.filter((s) => s.start <= start && s.end >= end).map((s) => s.name);
    out.push({ text: text.slice(start, end), names });
  }
  return out;
}

export function renderReportText(container, text, evidence) {
  const spans = Object.entries(evidence || {}).map(([name, span]) => ({
    name, start: span.span ? span.span[0] : span.start, end: span.span ? span.span[1] : span.end,
  }));
  container.replaceChildren(...pieces(text, spans).map((piece) => piece.names.length
    ? el("mark", { className: "evidence " + piece.names.map((n) => "ev-" + n).join(" "), title: piece.names.join(", ") }, piece.text)
    : document.createTextNode(piece.text)));
}
