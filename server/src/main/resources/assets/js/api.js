// The REST API at /api/v1, called with the signed-in key as a bearer token.

const STORE = 'carillon.session';
const RANKS = { viewer: 0, operator: 1, admin: 2 };

/** The signed-in key, its name and role; kept for this tab only (sessionStorage). */
export const session = {
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(STORE));
    } catch {
      return null;
    }
  },
  start(key, me) {
    sessionStorage.setItem(STORE, JSON.stringify({ key, name: me.name, role: me.role }));
  },
  end() {
    sessionStorage.removeItem(STORE);
  },
  /** Whether the signed-in role includes `role` (viewer < operator < admin). */
  can(role) {
    const current = this.get();
    return current !== null && RANKS[current.role] >= RANKS[role];
  },
};

/** An answer other than 2xx, with the problem+json body the server sent. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

let onUnauthorized = () => {};
/** What to do when the key stops working (revoked, or the server forgot it). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Calls the API. `body` is sent as JSON; `options.key` overrides the session's key (sign-in);
 * `options.as` is 'json' (default), 'text' or 'blob'.
 */
export async function call(method, path, body, options = {}) {
  const key = options.key ?? session.get()?.key;
  const headers = { Accept: options.as === 'json' || !options.as ? 'application/json' : '*/*' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, options.headers || {});
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, { title: 'The server cannot be reached', detail: e.message });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && !options.key) onUnauthorized(problem);
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  if (options.as === 'text') return response.text();
  if (options.as === 'blob') return response.blob();
  return response.json();
}

async function problemOf(response) {
  try {
    const problem = await response.json();
    return problem && typeof problem === 'object' ? problem : {};
  } catch {
    return { title: response.statusText, detail: `the server answered ${response.status}` };
  }
}

export const get = (path, options) => call('GET', path, undefined, options);
export const post = (path, body, options) => call('POST', path, body ?? {}, options);
export const put = (path, body, options) => call('PUT', path, body, options);
export const del = (path, options) => call('DELETE', path, undefined, options);

/** /jobs/{group}/{name} with both parts escaped. */
export function jobPath(group, name, rest = '') {
  return `/jobs/${encodeURIComponent(group)}/${encodeURIComponent(name)}${rest}`;
}

/** A query string from the non-empty entries of an object (arrays repeat the key). */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== '') search.append(name, one);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
