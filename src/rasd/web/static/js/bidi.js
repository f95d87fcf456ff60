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

// A closed select shows its chosen option on one line and cuts a long label at the end,
// which can drop the Arabic half. The select takes the chosen option's direction, its full
// text as a tooltip, and when the label does not fit, the whole label is written out on a
// line of its own under the select (wrapping, each half isolated), so nothing is lost.
const measure = document.createElement("canvas").getContext("2d");

function fits(select, label) {
  const style = getComputedStyle(select);
  measure.font = `${style.fontSize} ${style.fontFamily}`;
  const room = select.clientWidth - 28; // the arrow and padding
  return select.clientWidth === 0 || measure.measureText(label).width <= room;
}

export function followChosenDirection(select) {
  const full = document.createElement("span");
  full.className = "full-label";
  full.dir = "auto";
  full.hidden = true;
  select.after(full);
  const update = () => {
    const chosen = select.selectedOptions[0];
    const label = chosen ? chosen.textContent : "";
    select.dir = hasRtl(label) && !/^[\u2068]?[A-Za-z(]/.test(label) ? "rtl" : "ltr";
    select.title = label.replace(/[\u2068\u2069]/g, "");
    full.textContent = label;
    full.hidden = !chosen || chosen.value === "" || fits(select, label);
  };
  select.addEventListener("change", update);
  update();
  return update;
}
