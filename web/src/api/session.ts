import {
  ApiError,
  apiGet,
  apiPatch,
  apiPost,
  onUnauthenticated,
  setCsrfRefresher,
  setCsrfToken,
} from './client';
import { createStore, useStore } from './store';
import type { AuthAnswer, Me, Region, SessionInfo, Tenant } from './types';

export interface SessionState {
  status: 'loading' | 'ready' | 'error';
  user: Me | null;
  tenant: Tenant | null;
  regions: Region[];
  error: ApiError | null;
}

const sessionStore = createStore<SessionState>({
  status: 'loading',
  user: null,
  tenant: null,
  regions: [],
  error: null,
});

export function useSession(): SessionState {
  return useStore(sessionStore);
}

export function getSession(): SessionState {
  return sessionStore.get();
}

export function subscribeSession(listener: () => void): () => void {
  return sessionStore.subscribe(listener);
}

function setUser(user: Me | null): void {
  sessionStore.set((previous) => ({ ...previous, user }));
}

/** Loads `GET /session`: who is signed in, the CSRF token, the tenant and its regions. */
export async function loadSession(): Promise<string | null> {
  try {
    const info = await apiGet<SessionInfo>('/session');
    setCsrfToken(info.csrfToken);
    sessionStore.set({
      status: 'ready',
      user: info.user,
      tenant: info.tenant,
      regions: info.regions,
      error: null,
    });
    return info.csrfToken;
  } catch (error) {
    const apiError =
      error instanceof ApiError ? error : new ApiError(0, 'network_error', String(error));
    sessionStore.set((previous) => ({
      ...previous,
      status: previous.status === 'ready' ? 'ready' : 'error',
      error: apiError,
    }));
    return null;
  }
}

setCsrfRefresher(loadSession);
onUnauthenticated(() => {
  if (sessionStore.get().user) {
    setCsrfToken(null);
    setUser(null);
  }
});

export async function signIn(email: string, password: string): Promise<Me> {
  const answer = await apiPost<AuthAnswer>('/auth/sign-in', { email, password });
  setCsrfToken(answer.csrfToken);
  setUser(answer.user);
  return answer.user;
}

export interface SignUpInput {
  email: string;
  password: string;
  username: string;
  displayName: string;
  locale?: string;
  /** YYYY-MM-DD; asked when the community has an age gate. */
  birthDate?: string;
}

/** Whether joining asks for a date of birth, and the minimum age. */
export interface SignUpRules {
  ageGate: boolean;
  minimumAge: number;
}

export async function signUp(input: SignUpInput): Promise<Me> {
  const answer = await apiPost<AuthAnswer>('/auth/sign-up', input);
  setCsrfToken(answer.csrfToken);
  setUser(answer.user);
  return answer.user;
}

/** Asks for a reset link; the server answers the same whether or not the account exists. */
export async function requestPasswordReset(email: string): Promise<void> {
  await apiPost<{ accepted: boolean }>('/auth/password-reset', { email });
}

/** Sets a new password with the e-mailed token; the server signs the member in. */
export async function confirmPasswordReset(
  token: string,
  password: string,
  signOutOtherSessions: boolean,
): Promise<Me> {
  const answer = await apiPost<AuthAnswer>('/auth/password-reset/confirm', {
    token,
    password,
    signOutOtherSessions,
  });
  setCsrfToken(answer.csrfToken);
  setUser(answer.user);
  return answer.user;
}

/**
 * Verifies an e-mail address with the token from the e-mailed link. The link may belong to
 * the signed-in member, so the session is reloaded to show the new state.
 */
export async function confirmEmailVerification(token: string): Promise<void> {
  await apiPost<{ verified: boolean }>('/auth/email-verification/confirm', { token });
  if (sessionStore.get().user) {
    await loadSession();
  }
}

/** E-mails the signed-in member a new verification link. */
export async function requestEmailVerification(): Promise<void> {
  try {
    await apiPost<{ accepted: boolean }>('/users/me/email/verification');
  } catch (error) {
    // Verified meanwhile (say, in another tab): show that instead of the notice.
    if (error instanceof ApiError && error.code === 'email_already_verified') {
      await loadSession();
    }
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await apiPost<void>('/auth/sign-out');
  setCsrfToken(null);
  setUser(null);
  // A fresh anonymous session may carry a new token.
  await loadSession();
}

export interface ProfilePatch {
  displayName?: string;
  bio?: string;
  locale?: string;
}

export async function updateMe(patch: ProfilePatch): Promise<Me> {
  const me = await apiPatch<Me>('/users/me', patch);
  setUser(me);
  return me;
}
