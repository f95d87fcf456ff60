// Mixed English/Arabic labels that keep their order: each Arabic (or any user-supplied)
// fragment is wrapped in Unicode isolates (FSI … PDI), so "(12)" or "→" next to it cannot
// be pulled into the Arabic run and shown on the wrong side. Option elements hold plain
// text only (no <bdi>), so the isolates go in the text itself.
const FSI = "\u2068";
const PDI = "\u2069";
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

export function isolate(text) {
  return FSI + String(text) + PDI;
}

export function hasRtl(text) {
  return RTL_CHAR.test(String(text || ""));
}

// "English · عربي": both halves isolated, joined by a neutral dot.
export function bilingual(english, arabic) {
  return arabic ? `${isolate(english)} · ${isolate(arabic)}` : isolate(english);
}

// A select shows its chosen option in the select's own direction, and a long label is cut
// at the end: give the select the chosen option's direction (the start of an Arabic name
// stays visible) and its full text as a tooltip.
export function followChosenDirection(select) {
  const update = () => {
    const chosen = select.selectedOptions[0];
    const label = chosen ? chosen.textContent : "";
    select.dir = hasRtl(label) && !/^[\u2068]?[A-Za-z]/.test(label) ? "rtl" : "ltr";
    select.title = label.replace(/[\u2068\u2069]/g, "");
  };
  select.addEventListener("change", update);
  update();
  return update;
}
