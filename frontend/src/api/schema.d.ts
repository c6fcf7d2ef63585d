// Generated from backend/api/openapi.yaml by openapi-typescript (scripts/gen-api.mjs): do not edit.
// Run `npm run gen:api` in frontend/ after changing openapi.yaml; src/api/types.ts names these types for the app.

export interface paths {
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document. */
        get: operations["getOpenAPI"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a username and password.
         * @description Usernames are case-insensitive. Failures are throttled per account and per address; a name with no account locks on the same failure as a real one (the 5th), so a 429 does not tell them apart. Keys must match the schema exactly: duplicate keys and keys differing only in case are 422 (`duplicate_key`, `unknown_field`), as in every request body.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The single sign-on providers configured (empty - password only); the login page shows a button for each. */
        get: operations["listSignInProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sso/{provider}/start": {
        parameters: {
            query?: {
                /** @description `1` when the browser is the provider's own app (WeCom: the silent in-app authorization instead of the QR page). */
                in_app?: "0" | "1";
            };
            header?: never;
            path: {
                /** @description A provider id from /auth/providers (`oidc`, `dingtalk`, `wecom`); another is 404 `sso_provider_unknown`. */
                provider: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Begin a sign-in with a provider; send the browser to authorize_url.
         * @description OIDC: authorization code with PKCE (S256), a state and a nonce. DingTalk and WeCom: their OAuth code flows. The state is kept server-side for TIANBAO_OIDC_STATE_TTL and works once. The provider sends the browser back to the configured redirect URL (the SPA's /sso/callback) with the state and code.
         */
        post: operations["startSSO"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/sso/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a sign-in with the state and code the provider returned; a linked identity gets a token pair.
         * @description The ID token is verified against the provider's published keys (signature, issuer, audience, expiry with TIANBAO_OIDC_CLOCK_SKEW tolerated, nonce): any failure is 401 `sso_token_invalid`, a code the provider refuses 401 `sso_code_invalid`. An unknown, expired or already used state is 422 `sso_state_invalid`. A valid identity linked to no account is 403 `sso_not_linked` (never an account created); a disabled account 403 `account_disabled`; a locked one 429 `account_locked`.
         */
        post: operations["finishSSO"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's linked external identities. */
        get: operations["listOwnIdentities"];
        put?: never;
        /**
         * Link the identity of a sign-in the caller started with /me/identities/start (once per provider).
         * @description The state must be one the caller started for linking: another user's, or a login's, is 422 `sso_state_invalid`. 409 `sso_already_linked` when the caller has an identity with the provider, `sso_identity_taken` when another account has this one.
         */
        post: operations["linkOwnIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/identities/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Begin a sign-in with a provider whose identity will be linked to the caller. */
        post: operations["startOwnIdentityLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}/identities": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** A user's linked external identities (user read right over the user's org). */
        get: operations["listUserIdentities"];
        put?: never;
        /**
         * Link an external identity to a user (user write right over the user's org; audited `identity.link`).
         * @description The subject is the value of the provider's TIANBAO_OIDC_USER_CLAIM, e.g. the phone number or employee id the provider puts in that claim, so accounts are linked before their first sign-in.
         */
        post: operations["linkUserIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}/identities/{identity}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
                /** @description The identity's id; one of another user is 404. */
                identity: components["schemas"]["ID"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink an external identity (audited `identity.unlink`). */
        delete: operations["unlinkUserIdentity"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orgs/{id}/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** Whether the org's accounts must sign in through single sign-on (user read right over the org). */
        get: operations["getOrgSignIn"];
        /**
         * Require single sign-on for the org's accounts, or lift it (user write right over the org; audited `org.sso_required`).
         * @description While required and a provider is configured, a password login of an account whose org this is answers 403 `sso_required` before the password is checked (so it tells that the name is such an account). Without any configured provider the password keeps working.
         */
        put: operations["setOrgSignIn"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate a refresh token for a new pair; reusing a consumed token revokes its family. */
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the session family of a refresh token, and every access token issued in it at once. An unknown or empty token is not an error. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller. Allowed while a password change is pending. */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the caller's password; ends every other session and returns a fresh pair.
         * @description A wrong current password counts toward the account lockout, as a failed login does.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orgs in the caller's org:read scope, as a page or (tree=1) as a tree. */
        get: operations["listOrgs"];
        put?: never;
        /** Create an org under a parent in the caller's org:write scope. */
        post: operations["createOrg"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orgs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** One org in scope. */
        get: operations["getOrg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an org; absent or null fields are left as they are. parent_id moves it.
         * @description A move or a type change recounts the rollups and the expected-org totals in the same transaction as the change and its audit row (org.update or org.move, each changed attribute as [before, after]). The bureau keeps its type.
         */
        patch: operations["updateOrg"];
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users in the caller's user:read scope, ordered by id; page_size is clamped to 200. */
        get: operations["listUsers"];
        put?: never;
        /** Create an account; roles default to the user's own org. */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** One user in scope. */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user; absent or null fields are left as they are; roles replaces every role. */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/users/{id}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a user's password; the user must change it at next sign-in and every session ends.
         * @description Never the caller's own (403 `own_password`); use /me/password, which asks for the current one.
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/forms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current version of every form. Not paginated. */
        get: operations["listForms"];
        put?: never;
        /**
         * Import a form schema (YAML or JSON) as the form's next version.
         * @description 201 when a new version was stored, 200 when it is identical to the current one. A version
         *     that removes a field an indicator reads, or changes it to a type the indicator cannot read
         *     the same way (a non-numeric type, number ↔ choice, boolean ↔ number, single ↔ multi
         *     choice), is refused with 422 `breaks_indicators`: one field error per such field
         *     (`indicator_field_removed` or `indicator_field_retyped`) whose message names the indicators.
         */
        post: operations["importForm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/forms/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        /**
         * The current schema of a form, or one version of it, with defaults filled in.
         * @description A submission is filled and validated against the form version it is pinned to
         *     (`form_version`) until it is upgraded; a client renders it with `?version=<form_version>`.
         */
        get: operations["getForm"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/forms/{code}/dry-run": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a candidate version of a form as an import would, without storing it (sysadmin).
         * @description The form builder's publish preview. The candidate (YAML or JSON, as for `POST /forms`) is
         *     validated with the import's rules; its `code` must be the path's (`code_mismatch`). A
         *     candidate that removes or retypes a field an indicator reads is refused with 422
         *     `breaks_indicators`, exactly as the import would refuse it, naming the indicators. Otherwise
         *     the answer lists the fields added, removed or changed against the current version, the
         *     indicators that read changed fields, and the rule warnings.
         */
        post: operations["dryRunForm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/forms/{code}/export.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        /**
         * A form version as an XLSForm-like workbook that `POST /forms/read-xlsx` reads back to the same form (sysadmin).
         * @description Sheets: `survey` (type, name, label, label_en, hint, hint_en, required, relevant, calculation, unit, unit_en,
         *     min, max, scale, and `more` holding any other field attribute as JSON; a repeat group is a `begin_repeat`
         *     row, its columns, an `end_repeat` row), `choices` (list_name = the field's path, name, label, label_en),
         *     `checks` (key, severity, rule, message, message_en, fields) and `settings` (the form's own keys). Rules are
         *     JSON Logic text.
         */
        get: operations["exportFormXLSX"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/forms/read-xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read an XLSForm-like workbook (as export.xlsx writes) into a validated form schema, storing nothing (sysadmin).
         * @description The builder loads the answer; publishing is `POST /forms`. A bad cell is a 422 field error at
         *     `sheet!row.column` (`invalid_json`, `invalid_number`), a file that is no workbook `invalid_xlsx`, and the
         *     schema's own problems are the import's.
         */
        post: operations["readFormXLSX"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/forms/{code}/export.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        /** A form version as YAML that `POST /forms` reads back unchanged (sysadmin). */
        get: operations["exportFormYAML"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Campaigns in the caller's campaign:read scope. */
        get: operations["listCampaigns"];
        put?: never;
        /**
         * Open a campaign; every target org without a task for the form and period gets one.
         * @description The targets are resolved at open: every active org of org_types under org_id (default: the caller's widest subtree, the whole district for a sysadmin) gets a task. org_types default to the form's; a type the form does not apply to is 422 org_types[i] not_applicable, an unknown one invalid_org_type.
         */
        post: operations["createCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** One campaign in scope. */
        get: operations["getCampaign"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{id}/extend": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give one org of the campaign a later deadline. */
        post: operations["extendTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{id}/review-levels": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Change the levels the campaign's submissions climb from now on.
         * @description A submission already handed in keeps the chain it was submitted with; the next one submitted (a first time, or again after a return) climbs the new levels. Only a caller whose campaign:write scope holds the campaign's root may change them (403 otherwise).
         */
        put: operations["setReviewLevels"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/campaigns/{id}/completeness": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** How far a campaign has got, in total and by town. */
        get: operations["getCompleteness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tasks in the caller's task:read scope, with deadlines and status. */
        get: operations["listTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/indicators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every indicator for a period over the caller's rollup:read scope, or a school's own standing.
         * @description With rollup:read (reviewers, leaders) the `subtree` view: every indicator over the caller's subtrees. With only rollup:read_own (a school's org_admin or filler) the `own` view: the indicators that apply to the caller's org (by the plan's org types and who fills the form), the org's own figures with `status` from its own per-org check (null where the org is not judged on its own: a district count, or a target with no per-org check), and `district`, the district's aggregate value and verdict; nothing of any other org. A caller with neither gets 403.
         */
        get: operations["indicatorSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/indicators/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        /**
         * One indicator broken down by org type, town or org, with the orgs failing a per-org check.
         * @description In the `own` view (rollup:read_own only) everything is confined to the caller's org: the groups, failing_orgs and missing_orgs name it alone, statuses follow its own per-org check, `district` carries the district's aggregate, and an indicator that does not apply to the org is 404.
         *
         *     The three lists (`groups`, `failing_orgs`, `missing_orgs`) are paged, so no answer grows with the district: `page` chooses the page of the list named by `list` (default `groups`), the other two are their first page, each at most `page_size` long (default 50, at most 500; larger values mean 500, as the answer's `page_size` says); `groups_total`, `failing_total` and `missing_total` count every entry. To load more failing orgs, ask `?list=failing&page=2` (without `group_by`, which skips the breakdown). `sort` orders the groups; failing orgs are listed worst value first and missing orgs by code.
         */
        get: operations["indicatorDetail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/indicators/{code}/trend": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        /**
         * An indicator's value in every period with data.
         * @description In the `own` view (rollup:read_own only) the caller's org's own values, judged by its own per-org check (status null where the org is not judged on its own); an indicator that does not apply to the org is 404.
         */
        get: operations["indicatorTrend"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The review queue; submissions in the caller's submission:read scope.
         * @description With `awaiting=me`, only the submitted ones waiting at a review level the caller reviews at (the caller's own queue: a town reviewer's shows what waits at the town in that town, the bureau's what waits at the bureau), year-over-year warnings first, then oldest submitted first. With `level`, only the submitted ones waiting at that level.
         */
        get: operations["listSubmissions"];
        put?: never;
        /** Create, or return, an org's submission for a form and period (the caller's org by default). */
        post: operations["openSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/bulk-approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve several submitted submissions; each id gets its own outcome. */
        post: operations["bulkApprove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** One submission; an editable one is evaluated now, so errors and warnings are current. */
        get: operations["getSubmission"];
        /**
         * Save a draft's values at the version they were based on, merging field by field with saves made since.
         * @description `version` is the version the values were based on. If someone saved since, the save is merged field by field against that version: fields only one side changed merge (the response's `arrived` lists those kept from the other side); fields both changed differently are a 409 `edit_conflict` with `conflicts` and `merged`. A version this submission never had is a 409 `stale_version`; a submission no longer editable is a 409 `not_editable`, whatever the version. The merge is recorded as a `merge` revision.
         */
        put: operations["saveSubmission"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/carry/{section}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
                /** @description The key of a carried section (or of a carried field outside a section), as `carry[].key` names it. */
                section: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep a section carried forward from last period as it is ("上期数据，请确认"), one call per section.
         * @description A new period's draft of a form with `carry_forward` sections is prefilled from the org's last
         *     approved submission of the form; submit answers 422 `carry_unconfirmed` at the section's key
         *     until each carried section is confirmed here or changed. Only for draft or returned
         *     submissions before the deadline, by whoever may edit them; 404 `not_carried` for a section
         *     that was not carried into this submission. Writes an audit row.
         */
        post: operations["confirmCarriedSection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/upgrade": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move an editable submission onto the newest version of its form.
         * @description Values whose field still exists with a compatible type are kept; the others are dropped
         *     and listed in `dropped`. Needs the version the client loaded (a stale one is a 409 with
         *     `current`); only for draft or returned submissions before the deadline, by whoever may edit
         *     them. 409 `already_newest_form_version` when there is nothing to upgrade to. Records a
         *     revision with action `upgrade`.
         */
        post: operations["upgradeSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** draft or returned → submitted. Refused with 422 `submission_invalid` (and `warnings`) while errors remain. */
        post: operations["submitSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A yes at the level it waits at: passes it up to the next level of its chain, or at the last level (or in one-step review) submitted → approved.
         * @description 403 `not_your_level` when it waits at a level the caller does not review at.
         */
        post: operations["approveSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * submitted → returned to its filler, with a comment and per-field comments; with `to: below`, back to the review level under the one it waits at.
         * @description 403 `not_your_level` when it waits at a level the caller does not review at; 409 `no_level_below` for `to` below at the first level.
         */
        post: operations["returnSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** approved → returned, with a comment. */
        post: operations["reopenSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** Every save and transition, oldest first. */
        get: operations["submissionHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a file for an attachment field of an editable submission; put the returned object in the field's value. */
        post: operations["uploadAttachment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/submissions/{id}/attachments/{aid}/thumbnail": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
                aid: string;
            };
            cookie?: never;
        };
        /** A JPEG thumbnail, at most 256 px on its long side, of a photo attached to the submission; read with the attachment's own rights. A PDF, a file of another submission or one outside the caller's orgs is 404. */
        get: operations["attachmentThumbnail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Download an attachment of a submission in scope. */
        get: operations["downloadAttachment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exports/submissions.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One form's submissions for a period as a workbook. */
        get: operations["exportSubmissionsXLSX"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exports/submissions.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One form's submissions for a period as UTF-8 CSV. */
        get: operations["exportSubmissionsCSV"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exports/indicators.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The indicator summary as a workbook. */
        get: operations["exportIndicatorsXLSX"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/exports/indicators.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The indicator summary as UTF-8 CSV. */
        get: operations["exportIndicatorsCSV"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/briefing.docx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The work briefing (工作简报) as a Word document, from live figures, in the caller's scope.
         * @description GB/T 9704 house style (A4, margins 37/35/28/26 mm, title 方正小标宋简体 2号, body 仿宋_GB2312 3号, headings 黑体 and 楷体_GB2312, issuing line, page numbers): overall progress with a chart, each target's value, target, gap and trend, the schools below each every-school target by town, completeness by town with a chart, measures at risk and open supervision notices. Leaders and reviewers (rollup:read). format=pdf converts the same document with LibreOffice when TIANBAO_SOFFICE is set (404 pdf_unavailable otherwise).
         */
        get: operations["briefingDOCX"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/briefing.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The work briefing converted to PDF by LibreOffice (404 pdf_unavailable when TIANBAO_SOFFICE is not set). */
        get: operations["briefingPDF"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create orgs from an XLSX or CSV file (at most 5 MB), all or nothing. */
        post: operations["importOrgs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/orgs/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Read and check an orgs file as POST /imports/orgs would, importing nothing. */
        post: operations["previewImportOrgs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/users/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Read and check a users file as POST /imports/users would, importing nothing; passwords are not echoed. */
        post: operations["previewImportUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/templates/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A blank import file (header and one example row); no login needed. */
        get: operations["importTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/imports/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create accounts from an XLSX or CSV file (at most 5 MB), all or nothing. */
        post: operations["importUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit trail of the orgs in the caller's scope, newest first.
         * @description A sysadmin sees every entry (also those about no org, such as a command-line bootstrap); a reviewer sees the entries about orgs in its subtree; other roles are 403. Every state change (users, roles, orgs, campaigns, forms, imports, submissions, logins and lockouts) writes its entry in the transaction of the change.
         */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own inbox, newest first, with the unread count.
         * @description Every user sees only the items addressed to them (reminders, returned forms, overdue notices, review digests, supervision notices).
         */
        get: operations["listInbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inbox/unread": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many of the caller's items are unread (the phone's badge). */
        get: operations["unreadInbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inbox/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark every unread item of the caller read. */
        post: operations["readAllInbox"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inbox/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of the caller's items read (again is fine). */
        post: operations["readInbox"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own channel choices (inbox on, e-mail off and zh-CN until changed). */
        get: operations["getMyNotifications"];
        /** Set the caller's e-mail address, channels and message language. */
        put: operations["putMyNotifications"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orgs/{id}/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An org's group-robot webhooks (企业微信, DingTalk), masked.
         * @description Org admins of the org (or above it) and sysadmins; a filler is 403, an org outside the caller's scope 404. URLs show host and path only; the key, token and secret are never returned.
         */
        get: operations["getOrgNotifications"];
        /**
         * Change an org's robots; an absent or null field is kept, an empty string clears it.
         * @description A webhook URL must use https on one of TIANBAO_NOTIFY_WEBHOOK_HOSTS (qyapi.weixin.qq.com, oapi.dingtalk.com by default); otherwise 422 `invalid_webhook`. Audited without the secrets.
         */
        put: operations["putOrgNotifications"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The delivery log of outbound messages (sysadmin), newest first.
         * @description One row per (rule, channel, recipient, occasion) with its status, attempts and last error.
         */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/measures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The plan's measures (current versions), or with mine=1 those the caller's org is a unit of. */
        get: operations["listMeasures"];
        put?: never;
        /** Import measures (sysadmin); each one that differs from its current version is stored as the next version. */
        post: operations["importMeasures"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/measures/board": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The leader's board for a quarter, from the reports and notices in the caller's scope. */
        get: operations["measureBoard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/measures/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open (or return) the caller's org's progress report for a quarter, a measure-progress submission prefilled with a row per measure it is a unit of. */
        post: operations["openMeasureReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/measures/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The measure's number; an unknown one is 404. */
                number: components["parameters"]["MeasureNumber"];
            };
            cookie?: never;
        };
        /** One measure's current version. */
        get: operations["getMeasure"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/measures/{number}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The measure's number; an unknown one is 404. */
                number: components["parameters"]["MeasureNumber"];
            };
            cookie?: never;
        };
        /** Every stored version of a measure, newest first. */
        get: operations["measureVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/measures/{number}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The measure's number; an unknown one is 404. */
                number: components["parameters"]["MeasureNumber"];
            };
            cookie?: never;
        };
        /** The handed-in progress rows on a measure for a quarter that the caller may see (all units' when its scope covers the lead unit, else its own); 404 for an org that is no unit of it. */
        get: operations["measureReports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Supervision notices the caller sees (its scope's, and 通报 when its org is a responsible unit), latest change first. */
        get: operations["listNotices"];
        put?: never;
        /** Issue a notice to an org in the caller's scope (reviewer). */
        post: operations["issueNotice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        /** One notice with its steps. */
        get: operations["getNotice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices/{id}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The unit's answer (反馈) to an open notice, with text and evidence (attachment ids of its own submissions, or files uploaded with the answer as multipart).
         * @description JSON, or multipart/form-data with `text`, `version`, `evidence` (repeated attachment ids) and `files` (repeated JPEG, PNG or PDF files, 10 MB each, judged from their bytes; 10 pieces of evidence in all; 32 MB per request). Files are stored by content hash with the submissions' attachments; the answer's audit row names them. Bad files are 422 on `files[i]` (`unsupported_type`, `empty`, `too_large`).
         */
        post: operations["answerNotice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lapses in the reviewer's scope a notice may name - data tasks past their deadline not handed in (task_overdue) and returned forms untouched for `days` (returned_untouched), longest-lagging first, at most 200. */
        get: operations["noticeCandidates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices/{id}/evidence/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
                file: string;
            };
            cookie?: never;
        };
        /** Download a file uploaded with an answer; only the notice's parties (the unit, the scope above it) - a circulated notice's other readers get 404. */
        get: operations["downloadNoticeEvidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send an answer back as not enough; the notice is open again with a new deadline (a week on by default). */
        post: operations["returnNotice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices/{id}/escalate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Raise a notice one level (reminder → supervise → circulate); it is open again with a new deadline. */
        post: operations["escalateNotice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept the notice as settled. */
        post: operations["closeNotice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @enum {string} */
        MeasureStatus: "not_started" | "on_track" | "at_risk" | "delayed" | "done";
        /** @enum {string} */
        NoticeLevel: "reminder" | "supervise" | "circulate";
        /** @enum {string} */
        NoticeStatus: "open" | "answered" | "closed";
        /** @enum {string} */
        NoticeReason: "measure_at_risk" | "milestone_overdue" | "task_overdue" | "returned_untouched" | "other";
        Milestone: {
            key: string;
            title: string;
            /** Format: date */
            due: string;
            /** Format: date */
            done_on?: string;
        };
        MeasureDefinition: {
            number: number;
            part: string;
            title: string;
            title_en?: string;
            lead_units?: string[] | null;
            /** @description The lead unit's org code. */
            lead: string;
            co_units?: string[] | null;
            text: string;
            milestones?: components["schemas"]["Milestone"][] | null;
            indicators?: string[] | null;
            note?: string;
        };
        MeasureUnit: {
            org_id: components["schemas"]["ID"];
            code: string;
            name: string;
            lead: boolean;
        };
        Measure: {
            number: number;
            version: number;
            part: string;
            title: string;
            title_en: string;
            text: string;
            lead_units: string[];
            units: components["schemas"]["MeasureUnit"][];
            indicators: string[];
            milestones: components["schemas"]["Milestone"][];
            note: string;
            /**
             * @description The caller's org's part in the measure.
             * @enum {string}
             */
            role: "lead" | "co" | "none";
            /** Format: date-time */
            updated_at: string;
        };
        MeasureReportRow: {
            org_code: string;
            org_name: string;
            lead: boolean;
            report_status: components["schemas"]["SubmissionStatus"];
            status: components["schemas"]["MeasureStatus"];
            percent: number;
            done: string;
            problems: string;
            next_steps: string;
            /** Format: date-time */
            reported_at: string | null;
        };
        MeasureBoard: {
            period: string;
            /** @description Measures per lead-unit status, and unreported. */
            by_status: {
                [key: string]: number;
            };
            measures: {
                number: number;
                title: string;
                title_en: string;
                lead: components["schemas"]["MeasureUnit"];
                /** @description The lead unit's status; empty when it has not reported. */
                status: string;
                percent: number;
                reported: number;
                units: number;
                overdue_milestones: number;
                late_days: number;
                open_notices: number;
            }[];
            /** @description Units ranked by overdue items (milestones of the measures they lead, notices past their deadline). */
            units: {
                org_id: components["schemas"]["ID"];
                code: string;
                name: string;
                overdue_milestones: number;
                overdue_notices: number;
                open_notices: number;
                overdue: number;
            }[];
            /** @description Notices not closed (open or answered), latest change first. */
            open_notices: components["schemas"]["Notice"][];
        };
        Notice: {
            id: components["schemas"]["ID"];
            org_id: components["schemas"]["ID"];
            org_code: string;
            org_name: string;
            measure: number | null;
            reason: components["schemas"]["NoticeReason"];
            subject: string;
            title: string;
            required_action: string;
            /** Format: date-time */
            deadline: string;
            level: components["schemas"]["NoticeLevel"];
            status: components["schemas"]["NoticeStatus"];
            version: number;
            issued_by: components["schemas"]["ID"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /** Format: date-time */
            closed_at: string | null;
        };
        NoticeDetail: components["schemas"]["Notice"] & {
            events: {
                /** @enum {string} */
                kind: "issue" | "answer" | "return" | "escalate" | "close";
                actor_id: components["schemas"]["ID"];
                level: components["schemas"]["NoticeLevel"];
                text: string;
                evidence: {
                    id: string;
                    name: string;
                    /** @description 0 for a submission's attachment named by id */
                    size: number;
                    content_type: string;
                    /** @description /api/v1/attachments/{id} or /api/v1/notices/{id}/evidence/{file} */
                    url: string;
                }[];
                /** Format: date-time */
                deadline: string | null;
                /** Format: date-time */
                at: string;
            }[];
        };
        NoticeActionRequest: {
            /** @description The notice version the step is based on; stale is 409. */
            version?: number;
            text?: string;
            evidence?: string[];
            /** Format: date-time */
            deadline?: string;
        };
        InboxItem: {
            id: components["schemas"]["ID"];
            /** @description Why it was sent: deadline, returned, overdue, digest, notice. */
            rule: string;
            title: string;
            /** @description Markdown. */
            body: string;
            /** @description The SPA path it opens, e.g. /fill/12; may be empty. */
            link: string;
            read: boolean;
            /** Format: date-time */
            read_at: string | null;
            /** Format: date-time */
            created_at: string;
        };
        InboxPage: {
            items: components["schemas"]["InboxItem"][];
            total: number;
            page: number;
            page_size: number;
            unread: number;
        };
        Unread: {
            unread: number;
        };
        Marked: {
            marked: number;
            unread: number;
        };
        MyNotifications: {
            email: string;
            email_on: boolean;
            inbox_on: boolean;
            /** @enum {string} */
            lang: "zh-CN" | "en";
        };
        MyNotificationsRequest: {
            /** @description Required (invalid_email, required) when email_on. */
            email?: string;
            email_on?: boolean;
            /** @description Absent or null means on. */
            inbox_on?: boolean | null;
            /**
             * @description The language of the messages; empty means zh-CN.
             * @enum {string}
             */
            lang?: "zh-CN" | "en" | "";
        };
        OrgNotifications: {
            org_id: components["schemas"]["ID"];
            /** @description Masked: scheme, host and path, then ?****. */
            wecom_url: string;
            wecom_set: boolean;
            /** @description Masked like wecom_url. */
            dingtalk_url: string;
            dingtalk_set: boolean;
            dingtalk_secret_set: boolean;
            /** @enum {string} */
            lang: "zh-CN" | "en";
            /** Format: date-time */
            updated_at: string | null;
        };
        OrgNotificationsRequest: {
            wecom_url?: string | null;
            dingtalk_url?: string | null;
            /** @description The robot's signing secret (SEC...). */
            dingtalk_secret?: string | null;
            /** @enum {string|null} */
            lang?: "zh-CN" | "en" | null;
        };
        Delivery: {
            id: components["schemas"]["ID"];
            rule: string;
            /** @enum {string} */
            channel: "wecom" | "dingtalk" | "email";
            /** @description user:ID (e-mail) or org:ID (the org's robot). */
            recipient: string;
            occasion: string;
            org_id: number;
            subject: string;
            /** @enum {string} */
            status: "pending" | "sending" | "sent" | "failed";
            attempts: number;
            last_error: string;
            /** Format: date-time */
            next_at: string;
            /** Format: date-time */
            sent_at: string | null;
            /** Format: date-time */
            created_at: string;
        };
        DeliveryPage: {
            items: components["schemas"]["Delivery"][];
            total: number;
            page: number;
            page_size: number;
        };
        /** Format: int64 */
        ID: number;
        /** @description An exact decimal number. */
        Decimal: string;
        /** @description An exact decimal number, or null when there is no data. */
        NullableDecimal: string | null;
        /** @enum {string} */
        OrgType: "bureau" | "department" | "town" | "kindergarten" | "primary" | "junior" | "senior" | "complete_middle" | "nine_year" | "special" | "vocational_secondary" | "vocational_college";
        /** @enum {string} */
        Role: "filler" | "org_admin" | "reviewer" | "leader" | "sysadmin";
        /** @enum {string} */
        SubmissionStatus: "draft" | "submitted" | "returned" | "approved";
        /**
         * @description A step of multi-level review, bottom-up: school (a 中心校 over its village schools), town (镇街 or 学区), district (the bureau).
         * @enum {string}
         */
        ReviewLevel: "school" | "town" | "district";
        /**
         * @description Which submissions figures count: approved (official), all (provisional), or what a review level has passed.
         * @enum {string}
         */
        Basis: "approved" | "all" | "passed_school" | "passed_town";
        /** @description Where a submission stands in multi-level review. */
        Review: {
            /** @description The levels it climbs, bottom-up, fixed when it was submitted; empty is one step by any reviewer over the org. */
            chain: components["schemas"]["ReviewLevel"][];
            /** @description The level it waits at while submitted; null otherwise, or in one-step review. */
            level: components["schemas"]["ReviewLevel"] | null;
            /** @description The caller may pass, approve or return it now. */
            can_act: boolean;
            /** @description Where the caller's yes sends it: the next level up (通过并上报), or null when it approves, or the caller cannot act. */
            approve_to: components["schemas"]["ReviewLevel"] | null;
            /** @description Where the caller's 'back to the level below' sends it, or null when it waits at the first level, in one-step review, or the caller cannot act. */
            return_below_to: components["schemas"]["ReviewLevel"] | null;
        };
        /** @enum {string} */
        TaskStatus: "not_started" | "draft" | "submitted" | "returned" | "approved";
        /**
         * @description insufficient_data until min_completeness of the expected orgs have reported; then met or not_met against the target (and, for a target set for every org, no org failing its check).
         * @enum {string}
         */
        TargetStatus: "met" | "not_met" | "insufficient_data";
        /** @description An RFC 9457 problem document. */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            /** @description A stable machine code the client translates. */
            code: string;
            errors?: components["schemas"]["FieldError"][];
            /** @description Equals the X-Request-ID response header. */
            request_id?: string;
            /** @description On a `stale_version` or `edit_conflict` 409, the submission as it is now. */
            current?: components["schemas"]["Submission"];
            /** @description On a refused submit, the warnings that accompany the errors. */
            warnings?: components["schemas"]["Issue"][];
            /** @description On an `edit_conflict` 409, the fields both the saver and someone else changed differently. */
            conflicts?: components["schemas"]["FieldConflict"][];
            /** @description On an `edit_conflict` 409, every field already merged (theirs in the conflicting fields): set the chosen values of the conflicting fields and save it at `current.version`. */
            merged?: {
                [key: string]: unknown;
            };
        };
        /** @description One field changed on both sides since the saver loaded it. */
        FieldConflict: {
            field: string;
            /** @description The value when the saver loaded the form (null if empty). */
            base: unknown;
            /** @description The value the saver sent (null if cleared). */
            mine: unknown;
            /** @description The value saved meanwhile (null if cleared). */
            theirs: unknown;
        };
        FieldError: {
            /** @description The input field, e.g. `password`, `roles[0].org_id`; empty for the whole body. */
            field: string;
            code: string;
            message: string;
        };
        SignInProviders: {
            providers: {
                /** @description `oidc`, `dingtalk` or `wecom` */
                id: string;
                /** @description The button's label (TIANBAO_OIDC_NAME). */
                name: string;
            }[];
        };
        OrgSignIn: {
            sso_required: boolean;
        };
        SSOStart: {
            /** Format: uri */
            authorize_url: string;
        };
        SSOCallbackRequest: {
            state: string;
            code: string;
        };
        SSOLinkStartRequest: {
            provider: string;
            in_app?: boolean;
        };
        IdentityLinkRequest: {
            provider: string;
            subject: string;
        };
        Identity: {
            id: components["schemas"]["ID"];
            user_id: components["schemas"]["ID"];
            provider: string;
            subject: string;
            linked_by?: components["schemas"]["ID"];
            /** Format: date-time */
            created_at: string;
        };
        Identities: {
            items: components["schemas"]["Identity"][];
        };
        LoginRequest: {
            username: string;
            password: string;
        };
        RefreshRequest: {
            refresh_token: string;
        };
        PasswordRequest: {
            current_password: string;
            new_password: string;
        };
        Tokens: {
            access_token: string;
            refresh_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            /** @description Seconds until the access token expires. */
            expires_in: number;
            user: components["schemas"]["User"];
        };
        User: {
            id: components["schemas"]["ID"];
            username: string;
            display_name: string;
            /** @description Absent when empty. */
            phone?: string;
            org_id: components["schemas"]["ID"];
            org_name: string;
            /** @enum {string} */
            status: "active" | "disabled";
            must_change_password: boolean;
            roles: components["schemas"]["RoleGrant"][];
            /**
             * Format: date-time
             * @description Absent until the first sign-in.
             */
            last_login_at?: string;
            /** Format: date-time */
            created_at: string;
        };
        RoleGrant: {
            role: components["schemas"]["Role"];
            org_id: components["schemas"]["ID"];
            org_code: string;
            org_name: string;
        };
        UserPage: {
            items: components["schemas"]["User"][];
            /** Format: int64 */
            total: number;
            page: number;
            page_size: number;
        };
        RoleRequest: {
            role: components["schemas"]["Role"];
            /**
             * Format: int64
             * @description Defaults to the user's org.
             */
            org_id?: number;
        };
        CreateUserRequest: {
            username: string;
            display_name: string;
            phone?: string;
            password: string;
            /** Format: int64 */
            org_id: number;
            roles?: components["schemas"]["RoleRequest"][] | null;
        };
        PatchUserRequest: {
            display_name?: string | null;
            phone?: string | null;
            /** @enum {string|null} */
            status?: "active" | "disabled" | null;
            roles?: components["schemas"]["RoleRequest"][] | null;
        };
        Org: {
            id: components["schemas"]["ID"];
            /**
             * Format: int64
             * @description Null for the bureau.
             */
            parent_id: number | null;
            code: string;
            name: string;
            type: components["schemas"]["OrgType"];
            /** @description `public` or `private`. */
            ownership: string;
            /**
             * Format: int64
             * @description The town the org belongs to, if any.
             */
            town_id: number | null;
            /** @description Materialised path, e.g. `/1/4/17/`. */
            path: string;
            depth: number;
            demo: boolean;
            active: boolean;
            /** Format: date-time */
            updated_at: string;
        };
        OrgNode: {
            id: components["schemas"]["ID"];
            /**
             * Format: int64
             * @description Null for the bureau.
             */
            parent_id: number | null;
            code: string;
            name: string;
            type: components["schemas"]["OrgType"];
            /** @description `public` or `private`. */
            ownership: string;
            /**
             * Format: int64
             * @description The town the org belongs to, if any.
             */
            town_id: number | null;
            /** @description Materialised path, e.g. `/1/4/17/`. */
            path: string;
            depth: number;
            demo: boolean;
            active: boolean;
            /** Format: date-time */
            updated_at: string;
            children: components["schemas"]["OrgNode"][];
        };
        OrgPage: {
            items: components["schemas"]["Org"][];
            /** Format: int64 */
            total: number;
            page: number;
            page_size: number;
        };
        OrgTree: {
            items: components["schemas"]["OrgNode"][];
        };
        CreateOrgRequest: {
            /** Format: int64 */
            parent_id: number;
            code: string;
            name: string;
            type: components["schemas"]["OrgType"];
            /**
             * @description Defaults to public.
             * @enum {string}
             */
            ownership?: "public" | "private";
        };
        PatchOrgRequest: {
            name?: string | null;
            /** @description An org type other than bureau. */
            type?: string | null;
            /** @description public or private. */
            ownership?: string | null;
            active?: boolean | null;
            /** Format: int64 */
            parent_id?: number | null;
        };
        OrgRef: {
            /** Format: int64 */
            id: number;
            code: string;
            name: string;
            /** @description Absent where the context does not carry it. */
            type?: string;
        };
        FormSummary: {
            code: string;
            version: number;
            title: string;
            title_en?: string;
            period_type: components["schemas"]["PeriodType"];
            org_types: string[];
            plan_section: string;
            /** @description The number of top-level fields. */
            fields: number;
        };
        /** @description What publishing a candidate form version would do. */
        FormDryRun: {
            code: string;
            /** @description The stored newest version; 0 for a new form. */
            current_version: number;
            /** @description The version publishing would store (the current one when unchanged). */
            version: number;
            /** @description The candidate equals the current version; an import would store nothing. */
            unchanged: boolean;
            diff: {
                /** @description The field, "group.column" for a repeat column. */
                key: string;
                /** @enum {string} */
                change: "added" | "removed" | "changed";
                /** @description The schema keys that changed on a changed field. */
                attributes?: string[];
            }[];
            /** @description The form's campaigns whose deadline has not passed, opened on an older version (their tasks stay on it). */
            open_campaigns: {
                id: components["schemas"]["ID"];
                title: string;
                period: string;
                form_version: number;
                /** Format: date-time */
                deadline: string;
            }[];
            /** @description Drafts and returned submissions on an older version; they stay on it until upgraded. */
            pinned_drafts: number;
            /** @description Indicators reading a field the candidate changes (still the same way, else 422). */
            indicators: {
                field: string;
                /** @enum {string} */
                change: "added" | "removed" | "changed";
                indicators: string[];
            }[];
            warnings: components["schemas"]["FieldError"][];
        };
        /**
         * @description An imported form's summary with the warnings about its rules: what is legal but likely not
         *     meant, each at the rule's path (`fields[3].calculate`, `checks[0].rule`):
         *     `reduce_without_initial` (the accumulator starts as null, so a sum of it is null) and
         *     `unguarded_division` (a divisor that may be 0 or empty with no condition excluding it: the
         *     result is null, and a comparison reads null as 0). Errors (`unknown_operator`,
         *     `wrong_arity` for a fixed-arity operator given too many or too few arguments,
         *     `inexact_number` for a number a double cannot hold exactly, `unknown_field`, …) refuse
         *     the import with 422 instead.
         */
        FormImported: {
            code: string;
            version: number;
            title: string;
            title_en?: string;
            period_type: components["schemas"]["PeriodType"];
            org_types: string[];
            plan_section: string;
            /** @description The number of top-level fields. */
            fields: number;
            warnings: components["schemas"]["FieldError"][];
        };
        /** @enum {string} */
        PeriodType: "year" | "half" | "quarter" | "month";
        /** @description A form schema; the same document drives the client's renderer and the server's validation. */
        Form: {
            code: string;
            version: number;
            title: string;
            title_en?: string;
            period_type: components["schemas"]["PeriodType"];
            org_types: string[];
            plan_section?: string;
            /** @description The plan section in English, "Plan II(16)". */
            plan_section_en?: string;
            description?: string;
            description_en?: string;
            fields: components["schemas"]["FormField"][];
            checks?: components["schemas"]["FormCheck"][];
            /** @description Named groups of top-level fields (a field's `section`); a carry_forward section is prefilled from last period and confirmed with one tap. */
            sections?: components["schemas"]["FormSection"][];
            /** @description The designer's test cases, run by both evaluators: a schema whose case fails is refused (422, code test_failed at tests[i], naming the case). */
            tests?: components["schemas"]["FormTestCase"][];
        };
        FormTestCase: {
            name: string;
            /** @description Values as typed in the preview. */
            values?: {
                [key: string]: unknown;
            };
            /** @description Last period's approved values, read as prev.<field>. */
            prev?: {
                [key: string]: unknown;
            };
            /** @description computed: the listed computed fields' values (null, no value); warnings and errors: the issue codes raised, as a set; hidden: the hidden fields. Unlisted warnings, errors or hidden fields fail the case. */
            expect: {
                computed?: {
                    [key: string]: unknown;
                };
                warnings?: string[];
                errors?: string[];
                hidden?: string[];
            };
        };
        FormSection: {
            key: string;
            title: string;
            title_en?: string;
            carry_forward?: boolean;
        };
        /** @description A form schema to import, shaped like Form; the server checks it in full and answers 422 with every problem. Input is looser than output: min and max may be numbers, defaults may be left out. */
        FormInput: {
            code: string;
            version?: number;
            title: string;
            period_type: components["schemas"]["PeriodType"];
            org_types: string[];
            fields: Record<string, never>[];
            checks?: Record<string, never>[];
        };
        FormField: {
            key: string;
            label: string;
            label_en?: string;
            /** @enum {string} */
            type: "integer" | "decimal" | "money" | "percent" | "boolean" | "single_choice" | "multi_choice" | "text" | "date" | "repeat" | "attachment";
            unit?: string;
            unit_en?: string;
            help?: string;
            help_en?: string;
            required?: boolean;
            min?: components["schemas"]["Decimal"];
            max?: components["schemas"]["Decimal"];
            scale?: number;
            options?: {
                value: string;
                label: string;
                label_en?: string;
            }[];
            /** @description JSON Logic; the field is shown while it is truthy. */
            relevant?: unknown;
            /** @description JSON Logic; the field's computed value. */
            calculate?: unknown;
            /** @description The columns of a repeat group. */
            fields?: components["schemas"]["FormField"][];
            min_rows?: number;
            max_rows?: number;
            accept?: string[];
            max_size_mb?: number;
            max_length?: number;
            /**
             * @description How a decimal reads; percent shows the ratio 0.0138 as 1.38%. Nothing stored changes.
             * @enum {string}
             */
            display?: "percent";
            /** @description The plan's target for the value, shown beside it (its check enforces it). */
            target?: {
                /** @enum {string} */
                op: ">=" | ">" | "<=" | "<";
                value: components["schemas"]["Decimal"];
            };
            /**
             * @description An attachment field that opens the phone's rear (environment) or front (user) camera.
             * @enum {string}
             */
            capture?: "environment" | "user";
            /** @description Photos are uploaded as taken instead of scaled down to 1600 px. */
            keep_original?: boolean;
            /** @description The key of the form section the field belongs to. */
            section?: string;
            /** @description Prefilled in a new period's draft from the org's last approved submission. */
            carry_forward?: boolean;
            /** @description Prefilled in a new period's draft with the previous period's approved value of this other field (last year's spending as this year's previous-year figure), confirmed like a carried field. */
            carry_from?: string;
            /** @description On an attachment field: the date field holding the evidence's expiry; evidence expired before the period must be replaced (422 `expired`). */
            valid_until?: string;
        };
        FormCheck: {
            key: string;
            /** @description JSON Logic that must be truthy. */
            rule: unknown;
            /** @enum {string} */
            severity: "error" | "warning";
            message: string;
            message_en?: string;
            fields?: string[];
        };
        Campaign: {
            id: components["schemas"]["ID"];
            form: string;
            form_version: number;
            period: string;
            title: string;
            /** Format: date-time */
            deadline: string;
            /**
             * Format: int64
             * @description The root of the targeted subtree.
             */
            org_id: number;
            /** @description The root's name: with org_types, the campaign's target description. Empty when the root lies above the caller's scope. */
            org_name: string;
            org_types: string[];
            /** @description The review levels its submissions climb, bottom-up; empty is one step by any reviewer over the org. */
            review_levels: components["schemas"]["ReviewLevel"][];
            /** Format: int64 */
            task_count: number;
            /** Format: date-time */
            created_at: string;
        };
        AuditEntry: {
            /** Format: int64 */
            id: number;
            /** Format: date-time */
            at: string;
            /**
             * Format: int64
             * @description Null for a command-line action.
             */
            actor_id: number | null;
            /** @description The actor's username ("" when none). */
            actor: string;
            /** Format: int64 */
            org_id: number | null;
            org_name: string;
            /** @example role.change */
            action: string;
            object_type: string;
            object_id: string;
            /** @description What changed; the shape depends on the action. */
            detail: unknown;
            request_id: string;
            remote_addr: string;
        };
        AuditPage: {
            items: components["schemas"]["AuditEntry"][];
            /** Format: int64 */
            total: number;
            page: number;
            page_size: number;
        };
        CampaignPage: {
            items: components["schemas"]["Campaign"][];
            /** Format: int64 */
            total: number;
            page: number;
            page_size: number;
        };
        CreateCampaignRequest: {
            form: string;
            period: string;
            title?: string;
            /** Format: date-time */
            deadline: string;
            /**
             * Format: int64
             * @description Root of the targeted subtree; defaults to the caller's scope.
             */
            org_id?: number;
            /** @description Defaults to the form's org types. */
            org_types?: string[] | null;
            /** @description The levels its submissions climb, bottom-up, each once, e.g. [town, district]; empty or absent is one step by any reviewer over the org. */
            review_levels?: components["schemas"]["ReviewLevel"][] | null;
        };
        ReviewLevelsRequest: {
            /** @description Bottom-up, each once, e.g. [town, district]; empty is one step by any reviewer over the org. */
            review_levels: components["schemas"]["ReviewLevel"][];
        };
        ExtendRequest: {
            /** Format: int64 */
            org_id: number;
            /** Format: date-time */
            deadline: string;
        };
        Completeness: {
            campaign: components["schemas"]["Campaign"];
            /** Format: int64 */
            expected: number;
            /** Format: int64 */
            submitted: number;
            /** Format: int64 */
            approved: number;
            /** Format: int64 */
            returned: number;
            /** Format: int64 */
            draft: number;
            /** Format: int64 */
            not_started: number;
            /** Format: int64 */
            overdue: number;
            /** @description Share of tasks submitted by their deadline, 4 places; null when none is expected. */
            on_time_rate: components["schemas"]["NullableDecimal"];
            /** @description Submitted ones by the review level they wait at ("" for one-step review): how many at the town, how many at the bureau. */
            waiting: {
                [key: string]: number;
            };
            by_town: components["schemas"]["TownCompleteness"][];
        };
        TownCompleteness: {
            town: components["schemas"]["OrgRef"];
            /** Format: int64 */
            expected: number;
            /** Format: int64 */
            submitted: number;
            /** Format: int64 */
            approved: number;
            /** @description Submitted ones by the review level they wait at. */
            waiting: {
                [key: string]: number;
            };
            missing: components["schemas"]["OrgRef"][];
        };
        Task: {
            id: components["schemas"]["ID"];
            campaign_id: components["schemas"]["ID"];
            form: string;
            form_title: string;
            period: string;
            org: components["schemas"]["OrgRef"];
            /** Format: date-time */
            deadline: string;
            status: components["schemas"]["TaskStatus"];
            /** Format: int64 */
            submission_id: number | null;
            /** Format: date-time */
            submitted_at: string | null;
            locked: boolean;
            overdue: boolean;
            /** @description The level a submitted one waits at (待学区审核, 待区教委审核); null otherwise or in one-step review. */
            review_level: components["schemas"]["ReviewLevel"] | null;
        };
        TaskPage: {
            items: components["schemas"]["Task"][];
            /** Format: int64 */
            total: number;
            page: number;
            page_size: number;
        };
        /** @description A form error or warning. */
        Issue: {
            /** @description A field key, a repeat cell (`key[0].col`), or empty for the form. */
            field: string;
            code: string;
            message: string;
            message_en: string;
            /** @description The check reads previous-period values (prev.<field>): a year-over-year warning. The reviewer's queue lists submissions with such warnings first. */
            yoy?: boolean;
        };
        /** @description A section of a draft prefilled from the org's last approved submission ("上期数据，请确认"). */
        CarriedSection: {
            key: string;
            title: string;
            title_en: string;
            fields: string[];
            from_period: string;
            confirmed: boolean;
            /** @description The draft's values of the section differ from those carried. */
            changed: boolean;
            /** @description Neither confirmed nor changed; submit is refused while any is pending. */
            pending: boolean;
        };
        Submission: {
            id: components["schemas"]["ID"];
            org: components["schemas"]["OrgRef"];
            form: string;
            /** @description The form version the submission is pinned to: fetch it with GET /forms/{code}?version=. */
            form_version: number;
            /** @description The form's newest version; above form_version the submission may be upgraded. */
            latest_form_version: number;
            /** @description On a save merged with someone else's, the fields kept from theirs (show them to the saver). */
            arrived?: string[];
            /** @description The same org's approved values (entered and computed) of the previous period of the form's type, which rules read as prev.<field>; {} when there are none. */
            prev: {
                [key: string]: unknown;
            };
            /** @description The sections carried forward into this submission from the org's last approved one. */
            carry: components["schemas"]["CarriedSection"][];
            period: string;
            status: components["schemas"]["SubmissionStatus"];
            /** @description Send it back with the next save or transition. */
            version: number;
            /** @description Field key → value; money and decimals as strings, e.g. "1234.50". */
            values: {
                [key: string]: unknown;
            };
            /** @description Calculated field key → value. */
            computed: {
                [key: string]: unknown;
            };
            errors: components["schemas"]["Issue"][];
            warnings: components["schemas"]["Issue"][];
            /** @description Keys of fields not relevant now. */
            hidden: string[];
            /** @description The last return or reopen comment; null if none. */
            comments: components["schemas"]["ReturnComments"] | null;
            /** Format: date-time */
            submitted_at: string | null;
            /** Format: date-time */
            approved_at: string | null;
            /** Format: date-time */
            updated_at: string;
            review: components["schemas"]["Review"];
        };
        ReturnComments: {
            comment: string;
            field_comments: {
                [key: string]: string;
            } | null;
            /**
             * Format: int64
             * @description The reviewer's user id.
             */
            by: number;
            /** Format: date-time */
            at: string;
        };
        SubmissionSummary: {
            id: components["schemas"]["ID"];
            org: components["schemas"]["OrgRef"];
            /** Format: int64 */
            town_id: number | null;
            form: string;
            period: string;
            status: components["schemas"]["SubmissionStatus"];
            version: number;
            /** @description The number of warnings. */
            warnings: number;
            /** @description A warning reads last period's approved figures (a year-over-year jump); the queue lists these first. */
            yoy: boolean;
            /** Format: date-time */
            submitted_at: string | null;
            /** Format: date-time */
            updated_at: string;
            /** @description The level a submitted one waits at; null otherwise or in one-step review. */
            review_level: components["schemas"]["ReviewLevel"] | null;
            /** @description Where the caller's yes sends it: the next level up, or null when it approves or the caller cannot act. */
            approve_to: components["schemas"]["ReviewLevel"] | null;
        };
        SubmissionPage: {
            items: components["schemas"]["SubmissionSummary"][];
            /** Format: int64 */
            total: number;
            page: number;
            page_size: number;
        };
        OpenSubmissionRequest: {
            form: string;
            period: string;
            /**
             * Format: int64
             * @description Defaults to the caller's org.
             */
            org_id?: number;
        };
        SaveSubmissionRequest: {
            values: {
                [key: string]: unknown;
            };
            version: number;
        };
        UpgradeSubmissionRequest: {
            /** @description The submission version the client loaded. */
            version: number;
        };
        UpgradeSubmissionResponse: {
            submission: components["schemas"]["Submission"];
            from_form_version: number;
            /** @description Values that could not be kept, sorted by path. */
            dropped: {
                /** @description The value's path, e.g. "budget" or "grades[2].classes". */
                field: string;
                /** @description removed, retyped, computed, or a validation code under the new version (invalid_option, above_max, …). */
                code: string;
            }[];
        };
        TransitionRequest: {
            /** @description When given, a stale version is a 409. */
            version?: number | null;
            /**
             * @description Return only: to the org that filled it in (the default), or to the review level under the one it waits at.
             * @enum {string}
             */
            to?: "filler" | "below";
            comment?: string;
            field_comments?: {
                [key: string]: string;
            } | null;
        };
        BulkApproveResponse: {
            items: {
                /** Format: int64 */
                id: number;
                /** @description The HTTP status this id alone would have had. */
                status: number;
                /** @description The problem code when status is not 200. */
                code?: string;
            }[];
            approved: number;
        };
        Revision: {
            id: components["schemas"]["ID"];
            version: number;
            /** @description create, save, submit, pass (a level's yes, up to the next), approve (final), return (to the filler), return_below (to the level under), reopen or upgrade (to a newer form version; comment "v1 → v3"). */
            action: string;
            from_status: string;
            to_status: string;
            /** @description The review level that decided. */
            level?: components["schemas"]["ReviewLevel"] | null;
            /** @description The level it waits at afterwards. */
            to_level?: components["schemas"]["ReviewLevel"] | null;
            actor: string;
            /** Format: int64 */
            actor_id: number;
            /** Format: date-time */
            at: string;
            /** @description Field key → the value before and after. */
            changes: {
                [key: string]: {
                    from: unknown;
                    to: unknown;
                };
            };
            comment?: string;
            /** @description A return's or reopen's per-field comments (field key → comment), each return's own. */
            field_comments?: {
                [key: string]: string;
            };
        };
        Attachment: {
            id: string;
            name: string;
            /** Format: int64 */
            size: number;
            content_type: string;
        };
        Target: {
            /**
             * @description rising: above the previous period's value (value is 0).
             * @enum {string}
             */
            op: ">=" | "<=" | "=" | "between" | "rising";
            value: components["schemas"]["Decimal"];
            value2: components["schemas"]["NullableDecimal"];
            year: number;
        };
        PerOrg: {
            /** Format: int64 */
            passing: number;
            /** Format: int64 */
            failing: number;
        };
        Indicator: {
            code: string;
            name: string;
            name_en: string;
            section: string;
            /** @description The plan's own words for the target. */
            plan: string;
            /** @description The org-type set the plan's wording covers, e.g. schools_and_kindergartens (中小学幼儿园). */
            applies_to: string;
            /** @description Why these orgs are the ones counted. */
            denominator_rule: string;
            /** @description plan in English (empty where the definition has none). */
            plan_en: string;
            /** @description denominator_rule in English (empty where the definition has none). */
            denominator_rule_en: string;
            /** @enum {string} */
            unit: "percent" | "count" | "yuan" | "ratio" | "area";
            form: string;
            value: components["schemas"]["NullableDecimal"];
            numerator: components["schemas"]["NullableDecimal"];
            denominator: components["schemas"]["NullableDecimal"];
            target: components["schemas"]["Target"];
            /** @description Null where the figure is not judged on its own: outside the whole district, a district count or a rising target (a town contributes to them); in the own view also a target with no per-org check. */
            status: components["schemas"]["TargetStatus"] | null;
            gap: components["schemas"]["NullableDecimal"];
            /**
             * Format: int64
             * @description Orgs whose figures count on this basis.
             */
            reported: number;
            /**
             * Format: int64
             * @description Orgs expected to report (the campaigns' target orgs of the indicator's org types).
             */
            expected: number;
            completeness: components["schemas"]["NullableDecimal"];
            min_completeness: components["schemas"]["Decimal"];
            /**
             * Format: int64
             * @description Same as reported.
             */
            orgs_reporting: number;
            /**
             * Format: int64
             * @description Same as expected.
             */
            orgs_expected: number;
            /** @description The plan sets the target for each org; one failing org misses it. */
            every_org: boolean;
            /**
             * @description district: a count target a town only contributes to.
             * @enum {string}
             */
            judged: "district" | "each";
            previous: components["schemas"]["NullableDecimal"];
            /** @description Orgs passing and failing a per-org check; null for other indicators. */
            per_org: components["schemas"]["PerOrg"] | null;
            /** @description The district's aggregate, in the own view only. */
            district: components["schemas"]["IndicatorDistrict"] | null;
        };
        /** @description The district's aggregate of one indicator, shown to a school beside its own figures; nothing of any one org. */
        IndicatorDistrict: {
            value: components["schemas"]["NullableDecimal"];
            status: components["schemas"]["TargetStatus"];
            /**
             * Format: int64
             * @description Orgs in the district whose figures count.
             */
            reported: number;
            /**
             * Format: int64
             * @description Orgs in the district expected to report.
             */
            expected: number;
        };
        /**
         * @description subtree: the caller's rollup:read subtrees; own: the caller's own org (rollup:read_own) with the district's aggregate.
         * @enum {string}
         */
        IndicatorView: "subtree" | "own";
        IndicatorSummary: {
            period: string;
            basis: components["schemas"]["Basis"];
            view: components["schemas"]["IndicatorView"];
            /** Format: date-time */
            as_of: string | null;
            items: components["schemas"]["Indicator"][];
        };
        IndicatorDetail: {
            code: string;
            name: string;
            name_en: string;
            section: string;
            /** @description The plan's own words for the target. */
            plan: string;
            /** @description The org-type set the plan's wording covers, e.g. schools_and_kindergartens (中小学幼儿园). */
            applies_to: string;
            /** @description Why these orgs are the ones counted. */
            denominator_rule: string;
            /** @description plan in English (empty where the definition has none). */
            plan_en: string;
            /** @description denominator_rule in English (empty where the definition has none). */
            denominator_rule_en: string;
            /** @enum {string} */
            unit: "percent" | "count" | "yuan" | "ratio" | "area";
            form: string;
            value: components["schemas"]["NullableDecimal"];
            numerator: components["schemas"]["NullableDecimal"];
            denominator: components["schemas"]["NullableDecimal"];
            target: components["schemas"]["Target"];
            /** @description Null where the figure is not judged on its own: outside the whole district, a district count or a rising target (a town contributes to them); in the own view also a target with no per-org check. */
            status: components["schemas"]["TargetStatus"] | null;
            gap: components["schemas"]["NullableDecimal"];
            /**
             * Format: int64
             * @description Orgs whose figures count on this basis.
             */
            reported: number;
            /**
             * Format: int64
             * @description Orgs expected to report (the campaigns' target orgs of the indicator's org types).
             */
            expected: number;
            completeness: components["schemas"]["NullableDecimal"];
            min_completeness: components["schemas"]["Decimal"];
            /**
             * Format: int64
             * @description Same as reported.
             */
            orgs_reporting: number;
            /**
             * Format: int64
             * @description Same as expected.
             */
            orgs_expected: number;
            /** @description The plan sets the target for each org; one failing org misses it. */
            every_org: boolean;
            /**
             * @description district: a count target a town only contributes to.
             * @enum {string}
             */
            judged: "district" | "each";
            previous: components["schemas"]["NullableDecimal"];
            /** @description Orgs passing and failing a per-org check; null for other indicators. */
            per_org: components["schemas"]["PerOrg"] | null;
            /** @description The district's aggregate, in the own view only. */
            district: components["schemas"]["IndicatorDistrict"] | null;
            view: components["schemas"]["IndicatorView"];
            period: string;
            basis: components["schemas"]["Basis"];
            /**
             * @description Empty when no breakdown was asked for.
             * @enum {string}
             */
            group_by: "" | "org_type" | "town" | "org";
            groups: {
                key: string;
                label: string;
                value: components["schemas"]["NullableDecimal"];
                numerator: components["schemas"]["NullableDecimal"];
                denominator: components["schemas"]["NullableDecimal"];
                /** Format: int64 */
                orgs_reporting: number;
                /** Format: int64 */
                orgs_expected: number;
                per_org: components["schemas"]["PerOrg"] | null;
                /** @description Null where the slice is not judged on its own (a town's share of a district count; a school under a target with no per-school check). */
                status: components["schemas"]["TargetStatus"] | null;
            }[];
            /** @description Orgs failing the per-org check (the same contributions the per_org counts come from). */
            failing_orgs: components["schemas"]["ListedOrg"][];
            /** @description Expected orgs with no figures on this basis yet. */
            missing_orgs: components["schemas"]["ListedOrg"][];
            /**
             * Format: int64
             * @description Every group of the breakdown (0 without group_by).
             */
            groups_total: number;
            /**
             * Format: int64
             * @description Every org failing the per-org check.
             */
            failing_total: number;
            /**
             * Format: int64
             * @description Every expected org not reported yet.
             */
            missing_total: number;
            /**
             * @description The list `page` chose.
             * @enum {string}
             */
            list: "groups" | "failing" | "missing";
            /** @description The page of `list` answered, from 1. */
            page: number;
            /** @description The page size applied, after the default and the cap. */
            page_size: number;
            /**
             * @description The order of the groups.
             * @enum {string}
             */
            sort: "name" | "value" | "-value" | "failing";
        };
        ListedOrg: {
            org: components["schemas"]["OrgRef"];
            town: string;
            value: components["schemas"]["NullableDecimal"];
        };
        IndicatorTrend: {
            code: string;
            points: {
                period: string;
                value: components["schemas"]["NullableDecimal"];
                /** @description Null where the figure is not judged on its own (a district count or rising target outside the whole district; in the own view, a target with no per-org check). */
                status: components["schemas"]["TargetStatus"] | null;
            }[];
        };
        ImportPreview: {
            /** @enum {string} */
            kind: "orgs" | "users";
            valid: boolean;
            total: number;
            columns: string[];
            rows: {
                /** @description Index among the data rows (0 is the first row below the header). */
                row: number;
                /** @description The row's line in the sheet (the header is line 1). */
                line: number;
                values: {
                    [key: string]: string;
                };
            }[];
            errors: {
                /** @description -1: the file as a whole. */
                row: number;
                line: number;
                column: string;
                code: string;
                message: string;
            }[];
        };
        ImportResult: {
            created: number;
            items: {
                /** Format: int64 */
                id: number;
                /** @description Orgs only. */
                code?: string;
                /** @description Orgs only. */
                name?: string;
                /** @description Orgs only. */
                path?: string;
                /** @description Users only. */
                username?: string;
            }[];
        };
    };
    responses: {
        /** @description A new token pair and the user. */
        Tokens: {
            headers: {
                /** @description Always `no-store`. */
                "Cache-Control": string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Tokens"];
            };
        };
        /** @description Where to send the browser. */
        SSOStart: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["SSOStart"];
            };
        };
        /** @description The linked identity. */
        Identity: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Identity"];
            };
        };
        /** @description The linked identities. */
        Identities: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Identities"];
            };
        };
        /** @description The org's sign-in policy. */
        OrgSignIn: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["OrgSignIn"];
            };
        };
        /** @description The identity provider cannot be reached (`sso_provider_unavailable`). */
        ProviderUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No valid credentials (`missing_token`, `invalid_token`, `invalid_credentials`, `invalid_refresh_token`, `refresh_token_reused`). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Not allowed (`forbidden`, `password_change_required`, or a specific code such as `user_above_you`). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Does not exist or is outside the caller's scope (`not_found`). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `stale_version` (with `current`), `edit_conflict` (with `current`, `conflicts` and `merged`), `invalid_transition`, `not_editable`, `task_locked`, `invalid_state` or `conflict`. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Invalid input; `errors` lists every field's problem. */
        Invalid: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `too_many_attempts` (this address) or `account_locked` (this username). */
        TooMany: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After": number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body exceeds the limit (`body_too_large`). */
        TooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not JSON (`unsupported_media_type`). */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The workbook, as a download. */
        XLSX: {
            headers: {
                "Content-Disposition": string;
                [name: string]: unknown;
            };
            content: {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
            };
        };
        /** @description UTF-8 CSV with a byte-order mark, as a download. */
        CSV: {
            headers: {
                "Content-Disposition": string;
                [name: string]: unknown;
            };
            content: {
                "text/csv": string;
            };
        };
    };
    parameters: {
        /** @description The measure's number; an unknown one is 404. */
        MeasureNumber: number;
        /** @description A quarter, e.g. 2026Q3; empty means the current one. */
        Quarter: string;
        /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
        IDPath: components["schemas"]["ID"];
        /** @description From 1; smaller values mean 1. */
        Page: number;
        /** @description Default 50; at most 200 (larger values mean 200). */
        PageSize: number;
        /** @description `2025`, `2025H1`, `2025Q3` or `2025-09`. */
        PeriodRequired: string;
        /** @description `approved` (official, the default), `all` (everything handed in: provisional), or `passed_<level>` (what that review level has passed: approved, and everything waiting above it). */
        Basis: components["schemas"]["Basis"];
    };
    requestBodies: {
        NoticeAction: {
            content: {
                "application/json": components["schemas"]["NoticeActionRequest"];
            };
        };
        /** @description Optional; an empty body is allowed. */
        Transition: {
            content: {
                "application/json": components["schemas"]["TransitionRequest"];
            };
        };
        ImportFile: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description An XLSX workbook or a UTF-8 CSV file.
                     */
                    file: string;
                };
            };
        };
    };
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getOpenAPI: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            200: components["responses"]["Tokens"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            429: components["responses"]["TooMany"];
        };
    };
    listSignInProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The providers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInProviders"];
                };
            };
        };
    };
    startSSO: {
        parameters: {
            query?: {
                /** @description `1` when the browser is the provider's own app (WeCom: the silent in-app authorization instead of the QR page). */
                in_app?: "0" | "1";
            };
            header?: never;
            path: {
                /** @description A provider id from /auth/providers (`oidc`, `dingtalk`, `wecom`); another is 404 `sso_provider_unknown`. */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["SSOStart"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ProviderUnavailable"];
        };
    };
    finishSSO: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SSOCallbackRequest"];
            };
        };
        responses: {
            200: components["responses"]["Tokens"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            429: components["responses"]["TooMany"];
            503: components["responses"]["ProviderUnavailable"];
        };
    };
    listOwnIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Identities"];
            401: components["responses"]["Unauthorized"];
        };
    };
    linkOwnIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SSOCallbackRequest"];
            };
        };
        responses: {
            201: components["responses"]["Identity"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            503: components["responses"]["ProviderUnavailable"];
        };
    };
    startOwnIdentityLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SSOLinkStartRequest"];
            };
        };
        responses: {
            200: components["responses"]["SSOStart"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            503: components["responses"]["ProviderUnavailable"];
        };
    };
    listUserIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Identities"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    linkUserIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentityLinkRequest"];
            };
        };
        responses: {
            201: components["responses"]["Identity"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    unlinkUserIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
                /** @description The identity's id; one of another user is 404. */
                identity: components["schemas"]["ID"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unlinked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    getOrgSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["OrgSignIn"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    setOrgSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrgSignIn"];
            };
        };
        responses: {
            200: components["responses"]["OrgSignIn"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            200: components["responses"]["Tokens"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refresh_token?: string;
                };
            };
        };
        responses: {
            /** @description Signed out. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordRequest"];
            };
        };
        responses: {
            200: components["responses"]["Tokens"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
            429: components["responses"]["TooMany"];
        };
    };
    listOrgs: {
        parameters: {
            query?: {
                /** @description `1` or `true` returns the whole scope as nested nodes, unpaginated; other filters are then ignored. */
                tree?: string;
                type?: components["schemas"]["OrgType"];
                /** @description Matches code or name. */
                q?: string;
                parent_id?: components["schemas"]["ID"];
                town_id?: components["schemas"]["ID"];
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of orgs, or with tree=1 the tree. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgPage"] | components["schemas"]["OrgTree"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    createOrg: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrgRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Org"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    getOrg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The org. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Org"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    updateOrg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchOrgRequest"];
            };
        };
        responses: {
            /** @description The changed org. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Org"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description A substring (at most 64 characters) of the username, display name or phone. */
                q?: string;
                /** @description Users of this org and every org under it; an org outside the caller's scope matches nobody. */
                org_id?: components["schemas"]["ID"];
                /** @description Users holding this role in some org. */
                role?: components["schemas"]["Role"];
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchUserRequest"];
            };
        };
        responses: {
            /** @description The changed user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                };
            };
        };
        responses: {
            /** @description Reset. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    listForms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every form. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["FormSummary"][];
                        total: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    importForm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/yaml": components["schemas"]["FormInput"];
                "application/x-yaml": components["schemas"]["FormInput"];
                "application/json": components["schemas"]["FormInput"];
            };
        };
        responses: {
            /** @description Identical to the current version; nothing stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FormImported"];
                };
            };
            /** @description Stored as a new version. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FormImported"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    getForm: {
        parameters: {
            query?: {
                /** @description A stored version (from 1); omitted means the newest. An unknown version is 404. */
                version?: number;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schema. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Form"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
        };
    };
    dryRunForm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/yaml": components["schemas"]["FormInput"];
                "application/x-yaml": components["schemas"]["FormInput"];
                "application/json": components["schemas"]["FormInput"];
            };
        };
        responses: {
            /** @description What publishing the candidate would do. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FormDryRun"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    exportFormXLSX: {
        parameters: {
            query?: {
                /** @description A stored version (from 1); omitted means the newest. */
                version?: number;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The workbook. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
        };
    };
    readFormXLSX: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
            };
        };
        responses: {
            /** @description The schema read. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Form"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    exportFormYAML: {
        parameters: {
            query?: {
                /** @description A stored version (from 1); omitted means the newest. */
                version?: number;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schema as YAML. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
        };
    };
    listCampaigns: {
        parameters: {
            query?: {
                form?: string;
                period?: string;
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of campaigns. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    createCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCampaignRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    getCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The campaign. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    extendTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExtendRequest"];
            };
        };
        responses: {
            /** @description Extended. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    setReviewLevels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewLevelsRequest"];
            };
        };
        responses: {
            /** @description The campaign with its new levels. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    getCompleteness: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Completeness. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Completeness"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    listTasks: {
        parameters: {
            query?: {
                status?: components["schemas"]["TaskStatus"];
                campaign_id?: components["schemas"]["ID"];
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tasks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    indicatorSummary: {
        parameters: {
            query: {
                /** @description `2025`, `2025H1`, `2025Q3` or `2025-09`. */
                period: components["parameters"]["PeriodRequired"];
                /** @description `approved` (official, the default), `all` (everything handed in: provisional), or `passed_<level>` (what that review level has passed: approved, and everything waiting above it). */
                basis?: components["parameters"]["Basis"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The summary. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IndicatorSummary"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    indicatorDetail: {
        parameters: {
            query: {
                /** @description `2025`, `2025H1`, `2025Q3` or `2025-09`. */
                period: components["parameters"]["PeriodRequired"];
                /** @description `approved` (official, the default), `all` (everything handed in: provisional), or `passed_<level>` (what that review level has passed: approved, and everything waiting above it). */
                basis?: components["parameters"]["Basis"];
                /** @description Without it there is no breakdown and `groups` is empty. */
                group_by?: "org_type" | "town" | "org";
                /** @description Narrows the headline, the breakdown and the lists to this org's subtree (a town's schools: `?org_id=<town key>&group_by=org&sort=failing`); 422 `not_found` on `org_id` for an org outside the caller's scope. Ignored in a school's own view (`view: own`), which is always the school. */
                org_id?: number;
                /** @description The list `page` pages through; 422 `invalid_list` for another value. */
                list?: "groups" | "failing" | "missing";
                /** @description From 1; smaller values mean 1. A page past the end is an empty list with the total. */
                page?: number;
                /** @description Default 50; at most 500 (larger values mean 500). Applies to all three lists. */
                page_size?: number;
                /** @description Order of the groups: `name` (default, by label); `value` (smallest first) or `-value` (largest first), groups without a value last; `failing` (most failing orgs first, then not met, insufficient data, not judged, met; then by label). 422 `invalid_sort` for another value. */
                sort?: "name" | "value" | "-value" | "failing";
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The breakdown. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IndicatorDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
        };
    };
    indicatorTrend: {
        parameters: {
            query?: {
                /** @description `approved` (official, the default), `all` (everything handed in: provisional), or `passed_<level>` (what that review level has passed: approved, and everything waiting above it). */
                basis?: components["parameters"]["Basis"];
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The trend. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IndicatorTrend"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
        };
    };
    listSubmissions: {
        parameters: {
            query?: {
                /** @description `me`: the caller's own queue. */
                awaiting?: "me";
                /** @description Submitted ones waiting at this review level. */
                level?: components["schemas"]["ReviewLevel"];
                form?: string;
                period?: string;
                status?: components["schemas"]["SubmissionStatus"];
                /** @description An org id. */
                org?: components["schemas"]["ID"];
                /** @description A town's org id. */
                town?: components["schemas"]["ID"];
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of submissions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    openSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpenSubmissionRequest"];
            };
        };
        responses: {
            /** @description The existing submission. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            /** @description A new draft. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    bulkApprove: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ids: components["schemas"]["ID"][];
                };
            };
        };
        responses: {
            /** @description One outcome per id, in order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkApproveResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    getSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The submission. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    saveSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SaveSubmissionRequest"];
            };
        };
        responses: {
            /** @description The saved submission. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    confirmCarriedSection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
                /** @description The key of a carried section (or of a carried field outside a section), as `carry[].key` names it. */
                section: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The submission, its `carry` showing the section confirmed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    upgradeSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpgradeSubmissionRequest"];
            };
        };
        responses: {
            /** @description The upgraded submission and the values that were dropped. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpgradeSubmissionResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    submitSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Transition"];
        responses: {
            /** @description The submission after the transition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    approveSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Transition"];
        responses: {
            /** @description The submission after the transition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    returnSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Transition"];
        responses: {
            /** @description The submission after the transition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    reopenSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: components["requestBodies"]["Transition"];
        responses: {
            /** @description The submission after the transition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Submission"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    submissionHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revisions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Revision"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    uploadAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** @description The attachment field's key. */
                    field: string;
                    /** Format: binary */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Stored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Attachment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["Invalid"];
        };
    };
    attachmentThumbnail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
                aid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The thumbnail. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    downloadAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, with its stored content type. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    exportSubmissionsXLSX: {
        parameters: {
            query: {
                form: string;
                period: string;
                status?: components["schemas"]["SubmissionStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["XLSX"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    exportSubmissionsCSV: {
        parameters: {
            query: {
                form: string;
                period: string;
                status?: components["schemas"]["SubmissionStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["CSV"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    exportIndicatorsXLSX: {
        parameters: {
            query: {
                /** @description `2025`, `2025H1`, `2025Q3` or `2025-09`. */
                period: components["parameters"]["PeriodRequired"];
                /** @description `approved` (official, the default), `all` (everything handed in: provisional), or `passed_<level>` (what that review level has passed: approved, and everything waiting above it). */
                basis?: components["parameters"]["Basis"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["XLSX"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    exportIndicatorsCSV: {
        parameters: {
            query: {
                /** @description `2025`, `2025H1`, `2025Q3` or `2025-09`. */
                period: components["parameters"]["PeriodRequired"];
                /** @description `approved` (official, the default), `all` (everything handed in: provisional), or `passed_<level>` (what that review level has passed: approved, and everything waiting above it). */
                basis?: components["parameters"]["Basis"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["CSV"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    briefingDOCX: {
        parameters: {
            query: {
                /** @description `2025`, `2025H1`, `2025Q3` or `2025-09`. */
                period: components["parameters"]["PeriodRequired"];
                /** @description `approved` (official, the default), `all` (everything handed in: provisional), or `passed_<level>` (what that review level has passed: approved, and everything waiting above it). */
                basis?: components["parameters"]["Basis"];
                /** @description An org id in the caller's scope (a town); the briefing covers its subtree. Default the caller's whole scope. */
                scope?: number;
                /** @description zh (default) or en. */
                lang?: "zh" | "en";
                format?: "docx" | "pdf";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": string;
                    "application/pdf": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
        };
    };
    briefingPDF: {
        parameters: {
            query: {
                /** @description `2025`, `2025H1`, `2025Q3` or `2025-09`. */
                period: components["parameters"]["PeriodRequired"];
                /** @description `approved` (official, the default), `all` (everything handed in: provisional), or `passed_<level>` (what that review level has passed: approved, and everything waiting above it). */
                basis?: components["parameters"]["Basis"];
                /** @description An org id in the caller's scope (a town); the briefing covers its subtree. Default the caller's whole scope. */
                scope?: number;
                /** @description zh (default) or en. */
                lang?: "zh" | "en";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The PDF. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
        };
    };
    importOrgs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["ImportFile"];
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    previewImportOrgs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["ImportFile"];
        responses: {
            /** @description Every data row and every problem; valid is true when the import would accept the file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportPreview"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    previewImportUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["ImportFile"];
        responses: {
            /** @description Every data row and every problem; valid is true when the import would accept the file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportPreview"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    importTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: "orgs.csv" | "orgs.xlsx" | "users.csv" | "users.xlsx";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template, as a download. */
            200: {
                headers: {
                    "Content-Disposition": string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            404: components["responses"]["NotFound"];
        };
    };
    importUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["ImportFile"];
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResult"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    listAudit: {
        parameters: {
            query?: {
                /** @description Entries by this user. */
                actor_id?: components["schemas"]["ID"];
                /** @description Entries about this org and its subtree (an org outside the scope is 422 not_found). */
                org_id?: components["schemas"]["ID"];
                /** @description An action (user.create), or a prefix ending in a dot (submission.). */
                action?: string;
                /** @description Entries at or after this time (RFC 3339). */
                from?: string;
                /** @description Entries before this time (RFC 3339). */
                to?: string;
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit entries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    listInbox: {
        parameters: {
            query?: {
                /** @description `1` or `true`: only unread items. */
                unread?: string;
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of inbox items. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["Invalid"];
        };
    };
    unreadInbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The unread count. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unread"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    readAllInbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many were marked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Marked"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    readInbox: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An item that is not the caller's is 404. */
                id: components["schemas"]["ID"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The unread count after marking. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Unread"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
        };
    };
    getMyNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyNotifications"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    putMyNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MyNotificationsRequest"];
            };
        };
        responses: {
            /** @description The settings as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyNotifications"];
                };
            };
            401: components["responses"]["Unauthorized"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    getOrgNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The masked settings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgNotifications"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    putOrgNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrgNotificationsRequest"];
            };
        };
        responses: {
            /** @description The masked settings as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgNotifications"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Invalid"];
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                status?: "pending" | "sending" | "sent" | "failed";
                channel?: "wecom" | "dingtalk" | "email";
                /** @description deadline, returned, overdue, digest, notice. */
                rule?: string;
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    listMeasures: {
        parameters: {
            query?: {
                mine?: "1";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The measures. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Measure"][];
                        total: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    importMeasures: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    measures: components["schemas"]["MeasureDefinition"][];
                };
            };
        };
        responses: {
            /** @description What the import did to each measure. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            number: number;
                            version: number;
                            changed: boolean;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["Invalid"];
        };
    };
    measureBoard: {
        parameters: {
            query?: {
                /** @description A quarter, e.g. 2026Q3; empty means the current one. */
                period?: components["parameters"]["Quarter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The board. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeasureBoard"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    openMeasureReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A quarter, e.g. 2026Q3; empty: the current one. */
                    period?: string;
                };
            };
        };
        responses: {
            /** @description The report; edit, submit and review it through /submissions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        submission_id: components["schemas"]["ID"];
                        period: string;
                        status: components["schemas"]["SubmissionStatus"];
                        version: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["Invalid"];
        };
    };
    getMeasure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The measure's number; an unknown one is 404. */
                number: components["parameters"]["MeasureNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The measure. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Measure"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    measureVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The measure's number; an unknown one is 404. */
                number: components["parameters"]["MeasureNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            version: number;
                            measure: components["schemas"]["MeasureDefinition"];
                            created_by: number | null;
                            /** Format: date-time */
                            created_at: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    measureReports: {
        parameters: {
            query?: {
                /** @description A quarter, e.g. 2026Q3; empty means the current one. */
                period?: components["parameters"]["Quarter"];
            };
            header?: never;
            path: {
                /** @description The measure's number; an unknown one is 404. */
                number: components["parameters"]["MeasureNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rows. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        period: string;
                        items: components["schemas"]["MeasureReportRow"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["Invalid"];
        };
    };
    listNotices: {
        parameters: {
            query?: {
                /** @description From 1; smaller values mean 1. */
                page?: components["parameters"]["Page"];
                /** @description Default 50; at most 200 (larger values mean 200). */
                page_size?: components["parameters"]["PageSize"];
                status?: components["schemas"]["NoticeStatus"];
                level?: components["schemas"]["NoticeLevel"];
                /** @description 1: only notices not closed. */
                active?: "1";
                org_id?: components["schemas"]["ID"];
                measure?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notices. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Notice"][];
                        total: number;
                        page: number;
                        page_size: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    issueNotice: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    org_id: components["schemas"]["ID"];
                    measure?: number | null;
                    reason: components["schemas"]["NoticeReason"];
                    subject?: string;
                    title: string;
                    required_action: string;
                    /** Format: date-time */
                    deadline: string;
                    level?: components["schemas"]["NoticeLevel"];
                };
            };
        };
        responses: {
            /** @description The notice. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    getNotice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The notice. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NoticeDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    answerNotice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NoticeActionRequest"];
                "multipart/form-data": {
                    text: string;
                    version?: number;
                    evidence?: string[];
                    files?: string[];
                };
            };
        };
        responses: {
            /** @description The notice after the step. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["Invalid"];
        };
    };
    noticeCandidates: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The candidates. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @enum {string} */
                            reason: "task_overdue" | "returned_untouched";
                            org_id: components["schemas"]["ID"];
                            org_code: string;
                            org_name: string;
                            form_code: string;
                            period: string;
                            submission_id: number | null;
                            /**
                             * Format: date-time
                             * @description the task's deadline, or the returned form's last change
                             */
                            since: string;
                            days: number;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["Invalid"];
        };
    };
    downloadNoticeEvidence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, with its type as judged on upload. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    returnNotice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["NoticeAction"];
        responses: {
            /** @description The notice after the step. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["Invalid"];
        };
    };
    escalateNotice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["NoticeAction"];
        responses: {
            /** @description The notice after the step. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["Invalid"];
        };
    };
    closeNotice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A malformed or unknown id, or one outside the caller's scope, is 404. */
                id: components["parameters"]["IDPath"];
            };
            cookie?: never;
        };
        requestBody: components["requestBodies"]["NoticeAction"];
        responses: {
            /** @description The notice after the step. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notice"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["Invalid"];
        };
    };
}
