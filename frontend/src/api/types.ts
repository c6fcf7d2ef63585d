export interface Role { role: string; org_id: number; org_code: string; org_name: string }
export interface User {
  id: number; username: string; display_name: string; phone?: string; org_id: number; org_name: string
  status: string; must_change_password: boolean; roles: Role[]; last_login_at?: string; created_at: string
}
export interface Page<T> { items: T[]; total: number; page: number; page_size: number }
export interface OrgRef { id: number; code: string; name: string; type?: string }
export interface Task {
  id: number; campaign_id: number; form: string; form_title: string; period: string; org: OrgRef
  deadline: string; status: string; submission_id: number | null; submitted_at: string | null; locked: boolean; overdue: boolean
}
export interface Option { value: string; label: string; label_en?: string }
export interface Field {
  key: string; label: string; label_en?: string; type: string; unit?: string; help?: string; help_en?: string
  required?: boolean; min?: string; max?: string; scale?: number; options?: Option[]; relevant?: unknown; calculate?: unknown
  fields?: Field[]; min_rows?: number; max_rows?: number; accept?: string[]; max_size_mb?: number; max_length?: number
}
export interface Check { key: string; rule: unknown; severity: 'error' | 'warning'; message: string; message_en?: string; fields?: string[] }
export interface Form {
  code: string; version: number; title: string; title_en?: string; period_type: string; org_types: string[]
  plan_section?: string; description?: string; fields: Field[]; checks?: Check[]
}
export interface FormSummary { code: string; version: number; title: string; title_en?: string; period_type: string; org_types: string[]; plan_section: string; fields: number }
export interface Issue { field: string; code: string; message: string; message_en: string }
export interface Comments { comment: string; field_comments: Record<string, string> | null; by: number; at: string }
export interface Submission {
  id: number; org: OrgRef; form: string; form_version: number; period: string; status: string; version: number
  values: Record<string, unknown>; computed: Record<string, unknown>; errors: Issue[]; warnings: Issue[]; hidden: string[]
  comments: Comments | null; submitted_at: string | null; approved_at: string | null; updated_at: string
  /** The form's newest version; above form_version the submission may be upgraded. */
  latest_form_version: number
}
/** A value an upgrade to a newer form version could not keep: removed, retyped, computed, or a field error code. */
export interface DroppedValue { field: string; code: string }
export interface UpgradeResult { submission: Submission; from_form_version: number; dropped: DroppedValue[] }
export interface SubmissionSummary {
  id: number; org: OrgRef; town_id: number | null; form: string; period: string; status: string; version: number
  warnings: number; submitted_at: string | null; updated_at: string
}
export interface Change { from?: unknown; to?: unknown; old?: unknown; new?: unknown }
export interface Revision {
  id: number; version: number; action: string; from_status: string; to_status: string; actor: string; actor_id: number
  at: string; changes: Record<string, Change>; comment?: string
}
export interface Attachment { id: string; name: string; size: number; content_type: string }
export interface Org {
  id: number; parent_id: number | null; code: string; name: string; type: string; ownership: string; town_id: number | null
  path: string; depth: number; active: boolean; children?: Org[]
}
export interface Campaign {
  id: number; form: string; form_version: number; period: string; title: string; deadline: string; org_id: number
  org_types: string[]; task_count: number; created_at: string
}
/** What the plan asks for. between: a range to aim into (value–value2); rising: above the previous period. */
export interface Target { op: '>=' | '<=' | '=' | 'between' | 'rising'; value: string; value2: string | null; year: number }
/** insufficient_data: fewer than min_completeness × expected orgs have reported (the value is provisional). */
export type TargetStatus = 'met' | 'not_met' | 'insufficient_data'
export type IndicatorUnit = 'percent' | 'count' | 'yuan' | 'ratio' | 'area'
export interface PerOrg { passing: number; failing: number }
export interface Indicator {
  code: string; name: string; name_en?: string; section: string; unit: IndicatorUnit; form?: string
  /** The plan's own words for the target. */
  plan?: string
  /** The org-type set the plan's wording covers (schools_and_kindergartens, district_schools, …). */
  applies_to?: string
  /** Why these orgs are the ones counted. */
  denominator_rule?: string
  value: string | null; numerator: string | null; denominator: string | null; target: Target | null
  /**
   * Never null in the subtree view (leaders, reviewers). In the own view (a school's users) the
   * org's own check, null where the org is not judged on its own (a district count, a target with
   * no per-org check).
   */
  status: TargetStatus | null; gap: string | null
  /** Orgs whose figures count on this basis, and orgs expected to report. */
  reported: number; expected: number
  /** reported / expected as a decimal string (null when none are expected). */
  completeness: string | null
  /** The share of expected orgs needed before the indicator is judged. */
  min_completeness: string
  /** Same as reported / expected (earlier names). */
  orgs_reporting: number; orgs_expected: number
  /** The plan sets the target for each org: not met while any org fails its own check. */
  every_org: boolean
  /** district: a count target a town only contributes to; each: otherwise. */
  judged: 'district' | 'each'
  /** The previous period's value, for a rising target. */
  previous: string | null
  per_org: PerOrg | null
  /** The district's aggregate, in the own view only (null in the subtree view). */
  district?: IndicatorDistrict | null
}
/** The district's aggregate of one indicator, shown to a school beside its own figures. */
export interface IndicatorDistrict { value: string | null; status: TargetStatus; reported: number; expected: number }
/** subtree: the caller's rollup:read subtrees; own: the caller's own org with the district's aggregate. */
export type IndicatorView = 'subtree' | 'own'
export interface Indicators { period: string; basis: string; view?: IndicatorView; as_of: string | null; items: Indicator[] }
export interface IndicatorGroup {
  key: string; label: string; value: string | null; numerator: string | null; denominator: string | null
  orgs_reporting: number; orgs_expected: number; per_org: PerOrg | null
  /** null where the slice is not judged on its own (a town's share of a district count). */
  status: TargetStatus | null
}
/** An org in a detail list: failing its per-org check, or expected and not reported yet. */
export interface ListedOrg { org: OrgRef; town: string; value: string | null }
/** The list a detail's `page` pages through; the other two lists are their first page. */
export type DetailList = 'groups' | 'failing' | 'missing'
/** Order of a breakdown's groups: by label, by value (nulls last) either way, or failing first. */
export type GroupSort = 'name' | 'value' | '-value' | 'failing'
export interface IndicatorDetail extends Indicator {
  view?: IndicatorView; period: string; basis: string; group_by: '' | 'org_type' | 'town' | 'org'
  groups: IndicatorGroup[]
  failing_orgs: ListedOrg[]
  missing_orgs: ListedOrg[]
  /** Every group, failing org and missing org; the lists above are one page (at most page_size) of each. */
  groups_total: number; failing_total: number; missing_total: number
  list: DetailList; page: number; page_size: number; sort: GroupSort
}
export interface TrendPoint { period: string; value: string | null; status: TargetStatus | null }
export interface IndicatorTrend { code: string; points: TrendPoint[] }
export interface Completeness {
  expected: number; submitted: number; approved: number; returned: number; draft: number; not_started: number; overdue: number
  on_time_rate: string | number | null
  by_town: { town: { id: number; name: string }; expected: number; submitted: number; approved: number; missing: OrgRef[] }[]
}

/** One audit entry (GET /audit): who did what to which object, when. */
export interface AuditEntry {
  id: number
  at: string
  actor_id: number | null
  actor: string
  org_id: number | null
  org_name: string
  action: string
  object_type: string
  object_id: string
  detail: unknown
  request_id: string
  remote_addr: string
}
