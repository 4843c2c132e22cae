// The one way the console talks to the server: JSON in and out, the bearer token from session storage, and
// the API's error shape turned into an ApiError whose code and message the page shows as they are.
const KEY = "resultstore.token";
let unauthorized = () => {};

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export const token = () => sessionStorage.getItem(KEY) || "";
export const setToken = (t) => (t ? sessionStorage.setItem(KEY, t) : sessionStorage.removeItem(KEY));
export const onUnauthorized = (f) => { unauthorized = f; };

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!res.ok) {
    if (res.status === 401) unauthorized();
    const err = json && json.error;
    throw new ApiError(err ? err.code : `HTTP_${res.status}`, err ? err.message : text.slice(0, 300), res.status);
  }
  // Resolved workflow payloads are any JSON value, including a bare string or number.
  return json;
}
