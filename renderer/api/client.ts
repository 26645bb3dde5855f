import type { ErrorBody, PageMeta } from '../../contracts/index.ts';

/**
 * The one way the UI talks to the REST API. Requests go to the page's own origin with the
 * HttpOnly session cookie (the browser adds it; the UI never sees a token), so the
 * controller's CSRF check passes on its own. Every failure becomes an ApiError carrying the
 * API's `code`: screens branch on the code, and show the message.
 */

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }

  /** Field messages of a VALIDATION_ERROR (`{ "memory": "must be at least 16" }`), else empty. */
  get fieldErrors(): Record<string, string> {
    if (this.code !== 'VALIDATION_ERROR') return {};
    return Object.fromEntries(Object.entries(this.details).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
}

/** Anything thrown at a screen, as words a person can read. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

type Fetch = typeof fetch;

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  /** `{ data }` unwrapped. */
  get<T>(path: string, query?: RequestOptions['query']): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
  /** One page of a list, with its meta. */
  page<T>(path: string, query?: RequestOptions['query']): Promise<Page<T>>;
  /** Every page of a list (100 rows a request): for short lists such as users or blueprints. */
  all<T>(path: string, query?: RequestOptions['query']): Promise<T[]>;
}

/** `base` is the origin-relative API root; tests pass a full URL and their own fetch. */
export function createApiClient(base = API_BASE, fetchImpl: Fetch = (...args) => fetch(...args)): ApiClient {
  async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(`${base}${path}`, base.startsWith('http') ? undefined : window.location.origin);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, { code: 'NETWORK_ERROR', message: 'Cannot reach the StellarStack controller. Is it running?', details: {} });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new ApiError(response.status, errorBodyOf(parsed, response));
    return parsed as T;
  }

  async function unwrap<T>(path: string, options: RequestOptions): Promise<T> {
    const body = await request<{ data: T } | undefined>(path, options);
    return body?.data as T;
  }

  const client: ApiClient = {
    request,
    get: (path, query) => unwrap(path, { query }),
    post: (path, body) => unwrap(path, { method: 'POST', body }),
    patch: (path, body) => unwrap(path, { method: 'PATCH', body }),
    put: (path, body) => unwrap(path, { method: 'PUT', body }),
    delete: async (path) => {
      await request(path, { method: 'DELETE' });
    },
    page: (path, query) => request(path, { query }),
    async all<T>(path: string, query: RequestOptions['query'] = {}) {
      const rows: T[] = [];
      for (let page = 1; ; page += 1) {
        const result = await request<Page<T>>(path, { query: { ...query, page, limit: 100 } });
        rows.push(...result.data);
        if (rows.length >= result.meta.total || result.data.length === 0) return rows;
      }
    },
  };
  return client;
}

function errorBodyOf(parsed: unknown, response: Response): ErrorBody {
  const error = (parsed as { error?: Partial<ErrorBody> } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return { code: error.code, message: error.message, details: error.details ?? {} };
  }
  // Something between us and the controller (a proxy, a crashed process) answered instead.
  return { code: 'HTTP_ERROR', message: `The controller answered ${response.status} ${response.statusText}`.trim(), details: {} };
}

export const api = createApiClient();
