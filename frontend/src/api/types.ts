// The API's types under the names the app uses. Every one is an alias onto schema.d.ts, which
// `npm run gen:api` generates from backend/api/openapi.yaml (scripts/test.sh fails when it is out of
// step), so a change to the contract shows up here as a type error instead of a surprise at run time.
// The server's Go response types are the truth; openapi.yaml describes them (backend/api/openapi_test.go).
import type { components } from './schema'

type S = components['schemas']

/** A role held in an org (covering its subtree). */
export type Role = S['RoleGrant']
/** The caller (GET /me) or a user in the admin's list. */
export type User = S['User']
/** One page of a paginated list. */
export interface Page<T> { items: T[]; total: number; page: number; page_size: number }
/** An org as other objects name it. */
export type OrgRef = S['OrgRef']
/** One of the caller's tasks (GET /tasks). */
export type Task = S['Task']
/** A form field's definition. */
export type Field = S['FormField']
/** One choice of a single or multiple choice field. */
export type Option = NonNullable<Field['options']>[number]
/** A cross-field check of a form (JSON Logic rule). */
export type Check = S['FormCheck']
/** A form version (GET /forms/{code}). */
export type Form = S['Form']
/** A form in the list (GET /forms). */
export type FormSummary = S['FormSummary']
/** An error or warning at a field of a submission. */
export type Issue = S['Issue']
/** The reviewer's comments on a returned submission. */
export type Comments = S['ReturnComments']
/** One submission, with its values, computed values, issues and comments. */
export type Submission = S['Submission']
/** A value an upgrade to a newer form version could not keep: removed, retyped, computed, or a field error code. */
export type DroppedValue = S['UpgradeSubmissionResponse']['dropped'][number]
/** The answer of POST /submissions/{id}/upgrade. */
export type UpgradeResult = S['UpgradeSubmissionResponse']
/** A section of a draft carried forward from the org's last approved submission. */
export type CarriedSection = S['CarriedSection']
/** A submission in the review queue (GET /submissions). */
export type SubmissionSummary = S['SubmissionSummary']
/** The answer of POST /submissions/bulk-approve: each id's status and how many were approved. */
export type BulkApproveResult = S['BulkApproveResponse']
/** A field's value before and after one revision. */
export type Change = S['Revision']['changes'][string]
/** One entry of a submission's history. */
export type Revision = S['Revision']
/** A stored file of an attachment field. */
export type Attachment = S['Attachment']
/**
 * An org. GET /orgs?tree=1 answers nodes (OrgNode) that carry their children; code that walks either
 * reads `children` as optional.
 */
export type Org = S['Org'] & { children?: OrgNode[] }
/** An org of GET /orgs?tree=1 with its children. */
export type OrgNode = S['OrgNode']
/** A campaign: one form and period asked of a set of orgs. */
export type Campaign = S['Campaign']
/** What the plan asks for. between: a range to aim into (value–value2); rising: above the previous period. */
export type Target = S['Target']
/** insufficient_data: fewer than min_completeness × expected orgs have reported (the value is provisional). */
export type TargetStatus = S['TargetStatus']
/** How an indicator's value reads. */
export type IndicatorUnit = S['Indicator']['unit']
/** Orgs passing and failing a per-org check. */
export type PerOrg = S['PerOrg']
/** One indicator's standing (see openapi.yaml for each field). */
export type Indicator = S['Indicator']
/** The district's aggregate of one indicator, shown to a school beside its own figures. */
export type IndicatorDistrict = S['IndicatorDistrict']
/** subtree: the caller's rollup:read subtrees; own: the caller's own org with the district's aggregate. */
export type IndicatorView = S['IndicatorView']
/** GET /indicators. */
export type Indicators = S['IndicatorSummary']
/** One group of an indicator's breakdown (by org type, town or org). */
export type IndicatorGroup = S['IndicatorDetail']['groups'][number]
/** An org in a detail list: failing its per-org check, or expected and not reported yet. */
export type ListedOrg = S['ListedOrg']
/** The list a detail's `page` pages through; the other two lists are their first page. */
export type DetailList = S['IndicatorDetail']['list']
/** Order of a breakdown's groups: by label, by value (nulls last) either way, or failing first. */
export type GroupSort = S['IndicatorDetail']['sort']
/** GET /indicators/{code}. */
export type IndicatorDetail = S['IndicatorDetail']
/** One period of an indicator's trend. */
export type TrendPoint = S['IndicatorTrend']['points'][number]
/** GET /indicators/{code}/trend. */
export type IndicatorTrend = S['IndicatorTrend']
/** GET /campaigns/{id}/completeness. */
export type Completeness = S['Completeness']
/** One audit entry (GET /audit): who did what to which object, when. */
export type AuditEntry = S['AuditEntry']
