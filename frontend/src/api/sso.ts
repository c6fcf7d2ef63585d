// Endpoint functions for single sign-on: the configured providers, a sign-in through one, and the
// caller's own linking of an identity (openapi.yaml, tag auth).
import { api, type Tokens } from './client'

/** A configured sign-in provider: its id and the button's label. */
export interface SignInProvider {
  id: string
  name: string
}

/** An external identity linked to a user. */
export interface LinkedIdentity {
  id: number
  user_id: number
  provider: string
  subject: string
  linked_by?: number
  created_at: string
}

/** The providers the server is configured with (empty: password only). */
export async function fetchProviders(): Promise<SignInProvider[]> {
  const r = await api.request<{ providers: SignInProvider[] }>('GET', '/auth/providers', { noAuth: true })
  return r.providers
}

/** Begins a sign-in; the answer is the provider's address to send the browser to. inApp: the
 * browser is the provider's own app (WeCom then authorizes silently instead of showing a QR code). */
export async function startSignIn(provider: string, inApp = false): Promise<string> {
  const r = await api.post<{ authorize_url: string }>(`/auth/sso/${encodeURIComponent(provider)}/start`, undefined, { noAuth: true, query: inApp ? { in_app: 1 } : undefined })
  return r.authorize_url
}

/** The provider whose own app this browser is (DingTalk's or WeCom's built-in browser), if any. */
export function appOf(userAgent: string): 'dingtalk' | 'wecom' | null {
  if (/DingTalk/i.test(userAgent)) return 'dingtalk'
  if (/wxwork/i.test(userAgent)) return 'wecom'
  return null
}

/** Completes a sign-in with what the provider sent back: a token pair for a linked identity. */
export function finishSignIn(state: string, code: string) {
  return api.post<Tokens>('/auth/sso/callback', { state, code }, { noAuth: true })
}

/** Begins the caller's own linking of an identity of provider. */
export async function startLink(provider: string, inApp = false): Promise<string> {
  const r = await api.post<{ authorize_url: string }>('/me/identities/start', inApp ? { provider, in_app: true } : { provider })
  return r.authorize_url
}

/** Completes the caller's own linking. */
export function finishLink(state: string, code: string) {
  return api.post<LinkedIdentity>('/me/identities', { state, code })
}

/** The caller's linked identities. */
export async function fetchOwnIdentities(): Promise<LinkedIdentity[]> {
  const r = await api.get<{ items: LinkedIdentity[] }>('/me/identities')
  return r.items
}

/** A user's linked identities (an administrator's view: sysadmin, or the org admin of the user's org). */
export async function fetchUserIdentities(userId: number): Promise<LinkedIdentity[]> {
  const r = await api.get<{ items: LinkedIdentity[] }>(`/users/${userId}/identities`)
  return r.items
}

/** Links the identity subject of provider to a user before his first sign-in (audited identity.link). */
export function linkUserIdentity(userId: number, provider: string, subject: string) {
  return api.post<LinkedIdentity>(`/users/${userId}/identities`, { provider, subject })
}

/** Unlinks one of a user's identities (audited identity.unlink). */
export function unlinkUserIdentity(userId: number, identityId: number) {
  return api.request<void>('DELETE', `/users/${userId}/identities/${identityId}`)
}

/** Whether an org's accounts must sign in through single sign-on. */
export async function fetchOrgSignIn(orgId: number): Promise<boolean> {
  const r = await api.get<{ sso_required: boolean }>(`/orgs/${orgId}/sign-in`)
  return r.sso_required
}

/** Requires single sign-on for an org's own accounts, or lifts it (audited org.sso_required). */
export async function setOrgSignIn(orgId: number, required: boolean): Promise<boolean> {
  const r = await api.put<{ sso_required: boolean }>(`/orgs/${orgId}/sign-in`, { sso_required: required })
  return r.sso_required
}
