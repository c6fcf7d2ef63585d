// Endpoint functions of the admin screens: the org tree, users, campaigns, forms and file imports.
import { api } from './client'
import type { components } from './schema'
import type { Campaign, FormSummary, Org, Page, User } from './types'
import { REVIEW_LEVELS, type OrgType, type ReviewLevel, type Role } from './vocab'

type S = components['schemas']

/** Public or private (公办/民办). */
export type Ownership = 'public' | 'private'
export const OWNERSHIPS: readonly Ownership[] = ['public', 'private']

/** The whole visible org tree (GET /orgs?tree=1). */
export function fetchOrgTree() {
  return api.get<{ items: Org[] }>('/orgs', { tree: 1 })
}

export interface NewOrg { parent_id: number; code: string; name: string; type: OrgType; ownership: Ownership }

export function createOrg(o: NewOrg) {
  return api.post<Org>('/orgs', o)
}

/** A partial change of an org; a type change recounts the figures it is counted in. */
export interface OrgPatch { name?: string; type?: OrgType; ownership?: Ownership; active?: boolean; parent_id?: number }

export function patchOrg(id: number, p: OrgPatch) {
  return api.patch<Org>(`/orgs/${id}`, p)
}

/** The largest page GET /users answers; a bigger page_size is clamped to it. */
export const USER_PAGE_MAX = 200

/** GET /users filters: q is a substring of username, name or phone; org_id keeps its subtree. */
export interface UserQuery { q?: string; org_id?: number; role?: Role | ''; page: number; page_size: number }

export function fetchUsers(q: UserQuery) {
  return api.get<Page<User>>('/users', { q: q.q, org_id: q.org_id || undefined, role: q.role || undefined, page: q.page, page_size: q.page_size })
}

export interface NewUser { username: string; display_name: string; phone: string; password: string; org_id: number; role: Role }

export function createUser(u: NewUser) {
  return api.post<User>('/users', { username: u.username, display_name: u.display_name, phone: u.phone, password: u.password, org_id: u.org_id,
    roles: [{ role: u.role, org_id: u.org_id }] })
}

/** The newest campaigns first. */
export function fetchAdminCampaigns(pageSize = 100) {
  return api.get<Page<Campaign>>('/campaigns', { page_size: pageSize })
}

/**
 * A campaign to open: org_id is the subtree (0: the caller's whole scope), org_types empty: the
 * form's own; review_levels the levels its submissions climb, bottom-up (empty or absent: one step).
 */
export interface NewCampaign { form: string; period: string; title: string; deadline: string; org_id: number; org_types: OrgType[]; review_levels?: ReviewLevel[] }

export function createCampaign(c: NewCampaign) {
  return api.post<Campaign>('/campaigns', { form: c.form, period: c.period, title: c.title, deadline: c.deadline,
    org_id: c.org_id || undefined, org_types: c.org_types.length ? c.org_types : undefined,
    review_levels: c.review_levels?.length ? REVIEW_LEVELS.filter((l) => c.review_levels!.includes(l)) : undefined })
}

/**
 * Changes the levels a campaign's later submissions climb (bottom-up; empty: one step). One handed
 * in already keeps the chain it was submitted with.
 */
export function setCampaignLevels(id: number, levels: readonly ReviewLevel[]) {
  return api.put<Campaign>(`/campaigns/${id}/review-levels`, { review_levels: REVIEW_LEVELS.filter((l) => levels.includes(l)) })
}

export function fetchFormList() {
  return api.get<{ items: FormSummary[] }>('/forms')
}

/** Publishes a form version from its YAML text. */
export function importFormYAML(yaml: string) {
  return api.request<FormSummary>('POST', '/forms', { raw: yaml, contentType: 'application/yaml' })
}

/** What an import file holds. */
export type ImportKind = 'orgs' | 'users'
/** A file read and checked, not imported (POST /imports/{kind}/preview). */
export type ImportPreview = S['ImportPreview']
export type ImportRowError = ImportPreview['errors'][number]
/** What an accepted import created. */
export type ImportResult = S['ImportResult']

function fileBody(file: Blob, name: string) {
  const fd = new FormData()
  fd.append('file', file, name)
  return fd
}

/** Checks a file as the import would; imports nothing. */
export function previewImport(kind: ImportKind, file: Blob, name: string) {
  return api.request<ImportPreview>('POST', `/imports/${kind}/preview`, { raw: fileBody(file, name) })
}

/** Imports a file: all rows, or nothing when any row has a problem (422 with per-row field errors). */
export function commitImport(kind: ImportKind, file: Blob, name: string) {
  return api.request<ImportResult>('POST', `/imports/${kind}`, { raw: fileBody(file, name) })
}

/** The address of a blank import file (no login needed, so a plain link downloads it). */
export function templateURL(kind: ImportKind, format: 'csv' | 'xlsx') {
  return `${api.base}/imports/templates/${kind}.${format}`
}
