// Calls to the rasd API; errors become Error objects carrying the server's one-line detail.
const TOKEN_KEY = "rasd-token";
export const PAGE_SIZE = 100;

export function getToken() { return sessionStorage.getItem(TOKEN_KEY) || ""; }
export function setToken(token) { sessionStorage.setItem(TOKEN_KEY, token); }

export function queryString(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== "" && value !== null && value !== undefined) params.set(name, value);
  }
  return params.toString();
}

async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  const token = getToken();
  if (token) headers.Authorization = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof data.detail === "string" ? data.detail : response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return data;
}

export const api = {
  // A page of rows: incidents (level=incident, newest first) or per-report events.
  rows: (filters, offset = 0) => request("GET", "/events?" + queryString(filters, { limit: PAGE_SIZE, offset })),
  // With a token the URL differs from index.html's preload (made without one), so a server
  // whose reads need a token never hands back the preload's 401.
  points: (filters) => request("GET", "/map/points?" + queryString(filters, getToken() ? { signed: 1 } : {})),
  event: (id) => request("GET", `/events/${id}`),
  report: (id) => request("GET", `/reports/${id}`),
  incident: (id) => request("GET", `/incidents/${id}`),
  stats: (filters) => request("GET", "/stats?" + queryString(filters)),
  actors: () => request("GET", "/actors"),
  patch: (id, changes) => request("PATCH", `/events/${id}`, changes),
  bulk: (level, ids, status) => request("PATCH", level === "report" ? "/events" : "/incidents", { ids, status }),
  merge: (ids) => request("POST", "/incidents/merge", { incident_ids: ids }),
  split: (id, eventIds) => request("POST", `/incidents/${id}/split`, { event_ids: eventIds }),
};
