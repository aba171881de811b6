// The typed API client: openapi-fetch over the schema generated from the API's own OpenAPI
// document (schema.d.ts from docs/openapi.json, `npm run web:api-types`). Adds the bearer token, refreshes it once on a 401, and
// turns every error into an ApiError carrying the problem+json body.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { Problem, Tokens } from './types';

export type Paths = paths;

const TOKENS_KEY = 'kn.tokens';

/** Tokens live in sessionStorage: closing the browser signs the user out (shared office machines). */
export const tokens = {
  get(): Tokens | null {
    try {
      const raw = sessionStorage.getItem(TOKENS_KEY);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    } catch {
      return null;
    }
  },
  set(t: Tokens | null): void {
    try {
      if (t) sessionStorage.setItem(TOKENS_KEY, JSON.stringify({ accessToken: t.accessToken, refreshToken: t.refreshToken }));
      else sessionStorage.removeItem(TOKENS_KEY);
    } catch {
      /* storage unavailable: the session lasts as long as the page */
    }
  },
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly path: string,
  ) {
    super(problem.title || `HTTP ${status}`);
  }
  /** A 404 from the router itself: the endpoint does not exist on this server (yet). */
  get endpointMissing(): boolean {
    return this.status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(this.problem.detail ?? '');
  }
}

export class NetworkError extends Error {}

let onSessionExpired: () => void = () => undefined;
export function setSessionExpiredHandler(fn: () => void): void {
  onSessionExpired = fn;
}

let refreshing: Promise<boolean> | null = null;
async function refreshTokens(): Promise<boolean> {
  const current = tokens.get();
  if (!current?.refreshToken) return false;
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
      if (!res.ok) return false;
      tokens.set((await res.json()) as Tokens);
      return true;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

function withAuth(req: Request): Request {
  const t = tokens.get();
  if (t?.accessToken && !req.headers.has('Authorization')) req.headers.set('Authorization', `Bearer ${t.accessToken}`);
  return req;
}

async function authFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  let res: Response;
  try {
    res = await fetch(withAuth(input));
  } catch (err) {
    throw new NetworkError(err instanceof Error ? err.message : String(err));
  }
  const isAuthCall = new URL(input.url).pathname.startsWith('/api/v1/auth/login');
  if (res.status === 401 && !isAuthCall && tokens.get()) {
    if (await refreshTokens()) {
      retry.headers.delete('Authorization');
      res = await fetch(withAuth(retry));
    }
    if (res.status === 401) {
      tokens.set(null);
      onSessionExpired();
    }
  }
  return res;
}

export const api = createClient<Paths>({
  baseUrl: typeof location === 'undefined' ? '' : location.origin,
  fetch: authFetch,
  headers: { Accept: 'application/json' },
});

/** Unwraps an openapi-fetch result: the data, or an ApiError with the problem details. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = result.error;
  const problem: Problem =
    body && typeof body === 'object' && 'status' in body
      ? (body as Problem)
      : { status: result.response.status, title: typeof body === 'string' && body ? body : `HTTP ${result.response.status}` };
  throw new ApiError(result.response.status, problem, new URL(result.response.url || location.href).pathname);
}

/** ETag "<version>" → version number. */
export function etagVersion(response: Response): number | null {
  const tag = response.headers.get('ETag');
  const m = tag ? /"?(\d+)"?/.exec(tag.replace(/^W\//, '')) : null;
  return m ? Number(m[1]) : null;
}

/**
 * Downloads an export (CSV, XLSX) with the bearer token: a plain link cannot carry it, so the file
 * is fetched as a blob and saved through a temporary object URL. Returns the file name used.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const res = await authFetch(new Request(new URL(path, location.origin), { headers: { Accept: '*/*' } }));
  if (!res.ok) {
    let problem: Problem = { status: res.status, title: `HTTP ${res.status}` };
    try {
      problem = (await res.json()) as Problem;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, problem, new URL(path, location.origin).pathname);
  }
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

async function jsonOrProblem<T>(res: Response, path: string): Promise<T> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* no JSON body */
  }
  if (!res.ok) {
    const problem =
      body && typeof body === 'object' && 'status' in body ? (body as Problem) : { status: res.status, title: `HTTP ${res.status}` };
    throw new ApiError(res.status, problem, new URL(path, location.origin).pathname);
  }
  return body as T;
}

/** GET of an endpoint the generated schema does not type yet (the paperwork routes), with the token. */
export async function getJson<T>(path: string): Promise<T> {
  return jsonOrProblem<T>(await authFetch(new Request(new URL(path, location.origin), { headers: { Accept: 'application/json' } })), path);
}

/** A multipart POST (a file upload) with the bearer token: the JSON answer, or an ApiError with the problem. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return jsonOrProblem<T>(
    await authFetch(new Request(new URL(path, location.origin), { method: 'POST', body: form, headers: { Accept: 'application/json' } })),
    path,
  );
}
