// The coding guide's taxonomy (exact strings), with a colour and Arabic label per type.
export const EVENT_TYPES = {
  "Battles": { ar: "معارك", colour: "#d62728", subs: ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"] },
  "Explosions/Remote violence": { ar: "انفجارات/عنف عن بعد", colour: "#ff7f0e", subs: ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Chemical weapon"] },
  "Violence against civilians": { ar: "عنف ضد المدنيين", colour: "#9467bd", subs: ["Attack", "Abduction/forced disappearance", "Sexual violence"] },
  "Protests": { ar: "احتجاجات", colour: "#2ca02c", subs: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"] },
  "Riots": { ar: "أعمال شغب", colour: "#8c564b", subs: ["Violent demonstration", "Mob violence"] },
  "Strategic developments": { ar: "تطورات استراتيجية", colour: "#1f77b4", subs: ["Arrests", "Looting/property destruction", "Headquarters or base established", "Non-violent transfer of territory", "Disrupted weapons use", "Agreement", "Change to group/activity", "Other"] },
};

export const STATUS_LABELS = {
  unreviewed: "Unreviewed · غير مراجع", approved: "Approved · مقبول", rejected: "Rejected · مرفوض",
};

// CSS class for an event type ("Explosions/Remote violence" → "type-explosions-remote-violence").
export function typeClass(eventType) {
  return "type-" + String(eventType || "other").toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "");
}

export function typeColour(eventType) {
  return (EVENT_TYPES[eventType] || { colour: "#7f7f7f" }).colour;
}

export function markerSize(fatalities) {
  // 12 px for none, growing with the square root so a massacre does not cover a province.
  return Math.round(12 + Math.min(28, 4 * Math.sqrt(Math.max(0, fatalities || 0))));
}
