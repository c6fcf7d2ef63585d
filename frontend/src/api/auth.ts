// Endpoint functions for the session: log in and out, the caller (GET /me) and their password.
import { api, type Tokens } from './client'
import type { User } from './types'

/** Logs in; the answer carries the token pair and the user. */
export function login(username: string, password: string) {
  return api.post<Tokens>('/auth/login', { username, password }, { noAuth: true })
}

/** Revokes the session of a refresh token. */
export function logout(refreshToken: string) {
  return api.post<void>('/auth/logout', { refresh_token: refreshToken }, { noAuth: true })
}

/** Changes the caller's password; the answer is a new token pair (every other session ends). */
export function changePassword(currentPassword: string, newPassword: string) {
  return api.post<Tokens>('/me/password', { current_password: currentPassword, new_password: newPassword })
}

/** The caller and their roles. */
export function fetchMe() {
  return api.get<User>('/me')
}
