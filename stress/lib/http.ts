/** A small JSON client for the stress scripts: every call bounded in time, never throws on a status. */

export type Reply = { status: number; body: any; headers: Headers };
/** The request never got an answer: the connection failed, was cut, or timed out. */
export type NoReply = { status: 0; error: string };

export class Api {
  constructor(
    public base: string,
    public token?: string,
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs = 30_000,
  ): Promise<Reply | NoReply> {
    try {
      const res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        try {
          parsed = JSON.parse(text);
        } catch {
          // keep the text
        }
      }
      return { status: res.status, body: parsed, headers: res.headers };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      return { status: 0, error: e.cause?.code ?? e.cause?.message ?? e.name ?? String(err) };
    }
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body: unknown, headers?: Record<string, string>) => this.call('POST', path, body, headers);
  patch = (path: string, body: unknown, headers?: Record<string, string>) => this.call('PATCH', path, body, headers);

  /** For set-up steps: anything but the expected status stops the run. */
  async must(method: string, path: string, body: unknown, expected: number): Promise<any> {
    const res = await this.call(method, path, body);
    if (res.status !== expected)
      throw new Error(
        `${method} ${path} → ${res.status} (expected ${expected}): ${'error' in res ? res.error : JSON.stringify(res.body).slice(0, 300)}`,
      );
    return (res as Reply).body;
  }

  async login(email: string, password: string): Promise<string> {
    const body = await this.must('POST', '/auth/login', { email, password }, 200);
    return body.accessToken as string;
  }
}

export function as(api: Api, token: string): Api {
  return new Api(api.base, token);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function pick<T>(items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from nothing');
  return items[Math.floor(Math.random() * items.length)]!;
}

export const randInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
