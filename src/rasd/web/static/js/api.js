// Calls to the rasd API; errors become Error objects carrying the server's one-line detail.
const TOKEN_KEY = "rasd-token";

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
  events: (filters) => request("GET", "/events?" + queryString(filters, { limit: 1000 })),
  event: (id) => request("GET", `/events/${id}`),
  report: (id) => request("GET", `/reports/${id}`),
  stats: (filters) => request("GET", "/stats?" + queryString(filters)),
  patch: (id, changes) => request("PATCH", `/events/${id}`, changes),
};
