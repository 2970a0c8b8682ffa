import { BodegaApiError } from './errors';
import type { ApiClient, AuthResult, ChangePasswordBody, LoginBody, RegisterBody, SessionUser } from './types';

/**
 * Why a session is over. `signed_out`: the user asked. `session_ended`: the server refused the
 * refresh (the session expired, was ended elsewhere — logout, password change, disabled user —
 * or its refresh token was reused, which ends it for every holder). `no_session`: `restore()`
 * found no session to resume.
 */
export type SignOutReason = 'signed_out' | 'session_ended' | 'no_session';

export type SessionState =
  { status: 'unknown' } | { status: 'signed_in'; user: SessionUser } | { status: 'signed_out'; reason: SignOutReason };

type Listener = (state: SessionState) => void;

/** Web Locks, where the platform has them: one refresh at a time across the tabs of a browser. */
type Locks = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };
const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;

/**
 * The sign-in state, written once for every app. The access token lives in memory only; the
 * refresh token is the server's httpOnly cookie (`bodega_refresh`, path /api/v1/auth), which the
 * browser sends by itself. A page reload calls `restore()`, which refreshes through the cookie.
 */
export class Session {
  #token: string | null = null;
  #state: SessionState = { status: 'unknown' };
  #refreshing: Promise<string | null> | null = null;
  #sent: Promise<void> | null = null;
  #signingOut = false;
  readonly #listeners = new Set<Listener>();
  readonly #tokenListeners = new Set<(token: string) => void>();

  /** `auth` is a client without the session's middleware: auth calls are never retried. */
  constructor(
    private readonly auth: ApiClient,
    private readonly onSignedOut?: (reason: SignOutReason, cause?: BodegaApiError) => void,
  ) {}

  get state(): SessionState {
    return this.#state;
  }

  get user(): SessionUser | null {
    return this.#state.status === 'signed_in' ? this.#state.user : null;
  }

  /** The current access token (memory only), or null. */
  accessToken(): string | null {
    return this.#token;
  }

  /** Called with every state change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called with every new access token (sign-in, refresh): the socket reconnects with it. */
  onToken(listener: (token: string) => void): () => void {
    this.#tokenListeners.add(listener);
    return () => this.#tokenListeners.delete(listener);
  }

  async signIn(body: LoginBody): Promise<SessionUser> {
    const { data, error, response } = await this.auth.POST('/api/v1/auth/login', { body });
    if (!data) throw new BodegaApiError(response.status, error);
    return this.#adopt(data);
  }

  /** Self-registration (always a customer), signed in at once. */
  async register(body: RegisterBody): Promise<SessionUser> {
    const { data, error, response } = await this.auth.POST('/api/v1/auth/register', { body });
    if (!data) throw new BodegaApiError(response.status, error);
    return this.#adopt(data);
  }

  /** Every other session of the user ends; this one continues with the new tokens. */
  async changePassword(body: ChangePasswordBody): Promise<SessionUser> {
    const { data, error, response } = await this.auth.POST('/api/v1/auth/change-password', {
      body,
      headers: this.#bearer(),
    });
    if (!data) throw new BodegaApiError(response.status, error);
    return this.#adopt(data);
  }

  /** Ends this session on the server (which clears the cookie) and here, whatever the server says. */
  async signOut(): Promise<void> {
    const token = this.#token;
    // Forgotten first: the server closes this session's sockets before it answers, and nothing
    // may refresh meanwhile.
    this.#token = null;
    this.#signingOut = true;
    try {
      if (token) {
        await this.auth
          .POST('/api/v1/auth/logout', { headers: { authorization: `Bearer ${token}` } })
          .catch(() => undefined);
      }
    } finally {
      this.#signingOut = false;
      this.#end('signed_out');
    }
  }

  /** On app start: resumes the session of the refresh cookie, if there is one. */
  async restore(): Promise<SessionUser | null> {
    await this.refresh();
    return this.user;
  }

  /**
   * A new access token through the refresh cookie. Concurrent callers share one request: the
   * server rotates the refresh token on each use and treats a second use as theft.
   * Resolves null when the session is over (and signals it); rejects on a network failure,
   * which leaves the session as it was.
   */
  refresh(): Promise<string | null> {
    if (this.#signingOut) return Promise.resolve(null);
    if (!this.#refreshing) {
      let sent!: () => void;
      this.#sent = new Promise<void>((resolve) => (sent = resolve));
      const run = () => {
        sent();
        return this.#refresh();
      };
      this.#refreshing = (locks ? locks.request('bodega-refresh', run) : run()).finally(() => {
        sent();
        this.#refreshing = null;
      });
    }
    return this.#refreshing;
  }

  /**
   * Resolves once the refresh under way has gone out (the cross-tab lock granted), at once when
   * none is. The lock is granted by a task of its own, which a page busy drawing its first frame
   * would push back: an app can wait for this before it renders, so the round trip starts first.
   */
  refreshSent(): Promise<void> {
    return this.#refreshing && this.#sent ? this.#sent : Promise.resolve();
  }

  /** The refresh under way, if any: a call about to go out without a token waits for it. */
  pendingRefresh(): Promise<string | null> | null {
    return this.#refreshing;
  }

  /**
   * After a 401 on a call made with `usedToken`: the token to retry with, or null. A token that
   * changed meanwhile (another call refreshed) is used as it is, without a second refresh.
   */
  async renewAfter(usedToken: string | null): Promise<string | null> {
    if (this.#refreshing) return this.#refreshing;
    if (this.#token && this.#token !== usedToken) return this.#token;
    if (this.#state.status === 'signed_out') return null;
    return this.refresh();
  }

  async #refresh(): Promise<string | null> {
    // keepalive: the request outlives the page. The server rotates the refresh token as it
    // answers; a reload or a closed app that cut the answer off would keep the old token in the
    // cookie jar, and the next start would present it again, which the server takes for theft
    // and ends the session. Kept alive, the answer (and its new cookie) still lands.
    const { data, error, response } = await this.auth.POST('/api/v1/auth/refresh', { body: {}, keepalive: true });
    if (data) {
      this.#adopt(data);
      return this.#token;
    }
    if (response.status === 400 || response.status === 401) {
      this.#end(
        this.#state.status === 'signed_in' ? 'session_ended' : 'no_session',
        new BodegaApiError(response.status, error),
      );
      return null;
    }
    throw new BodegaApiError(response.status, error);
  }

  #bearer(): Record<string, string> {
    return this.#token ? { authorization: `Bearer ${this.#token}` } : {};
  }

  #adopt(auth: AuthResult): SessionUser {
    this.#token = auth.accessToken;
    this.#set({ status: 'signed_in', user: auth.user });
    for (const listener of this.#tokenListeners) listener(auth.accessToken);
    return auth.user;
  }

  #end(reason: SignOutReason, cause?: BodegaApiError): void {
    const wasSignedIn = this.#state.status === 'signed_in';
    this.#token = null;
    this.#set({ status: 'signed_out', reason });
    if (wasSignedIn) this.onSignedOut?.(reason, cause);
  }

  #set(state: SessionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}
