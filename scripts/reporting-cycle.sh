#!/usr/bin/env bash
# The reporting cycle against a running demo server (`make run`), one request at a time: a school
# clerk fills and submits a form, the reviewer returns it, the clerk fixes and resubmits it, the
# reviewer approves it, and the leader reads the figures, the completeness and the export. Every id,
# version and period is read from an earlier response, so it works on any demo database.
#
#   scripts/reporting-cycle.sh                         # http://127.0.0.1:8080
#   TIANBAO_URL=http://127.0.0.1:9000 scripts/reporting-cycle.sh
#
# Needs bash and curl. Exits non-zero at the first answer that is not the expected one.
set -euo pipefail

BASE=${TIANBAO_URL:-http://127.0.0.1:8080}
PASSWORD=${TIANBAO_DEMO_PASSWORD:-Demo@2025!}
FORM=teacher-training
J='Content-Type: application/json'
OUT=${TMPDIR:-/tmp}

BODY=
# req METHOD PATH TOKEN WANT [JSON]: send, print the status, keep the body in BODY; stop unless
# the status matches WANT (an extended regex such as 200 or 20[01]).
req() {
	local args=(-sS -X "$1" "$BASE$2" -w '\n%{http_code}')
	[ -n "$3" ] && args+=(-H "Authorization: Bearer $3")
	[ $# -ge 5 ] && args+=(-H "$J" -d "$5")
	local out code
	out=$(curl "${args[@]}")
	code=${out##*$'\n'}
	BODY=${out%$'\n'*}
	printf '%-6s %-72s %s\n' "$1" "$2" "$code"
	if ! [[ $code =~ ^($4)$ ]]; then
		echo "reporting-cycle: $1 $2 answered $code, want $4: $BODY" >&2
		exit 1
	fi
}

# num KEY: the first "KEY":NUMBER in BODY. str KEY: the first "KEY":"TEXT".
num() { grep -o "\"$1\":[0-9]*" <<<"$BODY" | head -n1 | cut -d: -f2; }
str() { grep -o "\"$1\":\"[^\"]*\"" <<<"$BODY" | head -n1 | cut -d'"' -f4; }

login() {
	req POST /api/v1/auth/login "" 200 "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" >&2
	str access_token
}
expect_status() {
	local got
	got=$(str status)
	[ "$got" = "$1" ] || { echo "reporting-cycle: submission is $got, want $1: $BODY" >&2; exit 1; }
}

X=$(login xhzx)     # a school clerk (新华中学)
R=$(login reviewer) # the bureau's reviewer
L=$(login leader)   # the district leader

# The leader finds the form's campaign: its id and the period it collects.
req GET "/api/v1/campaigns?form=$FORM" "$L" 200
CAMPAIGN=$(num id)
PERIOD=$(str period)

req GET /api/v1/tasks "$X" 200                                  # the clerk's tasks, deadlines, status
req GET "/api/v1/forms/$FORM" "$X" 200                          # the schema the phone renders
req POST /api/v1/submissions "$X" '20[01]' "{\"form\":\"$FORM\",\"period\":\"$PERIOD\"}" # open (or get) the draft
SUB=$(num id)
VERSION=$(num version)

save() { # save VALUES at the current version; a stale version would be a 409
	req PUT "/api/v1/submissions/$SUB" "$X" 200 "{\"version\":$VERSION,\"values\":$1}"
	VERSION=$(num version)
}
save '{"payroll_total":"1000000","training_spend":"10000"}'
req POST "/api/v1/submissions/$SUB/submit" "$X" 200             # 422 with field errors, or submitted (warnings kept)
expect_status submitted

req GET '/api/v1/submissions?status=submitted' "$R" 200         # the reviewer's queue, oldest first
grep -q "\"id\":$SUB," <<<"$BODY" || { echo "reporting-cycle: submission $SUB is not in the queue" >&2; exit 1; }
req POST "/api/v1/submissions/$SUB/return" "$R" 200 '{"comment":"请核对","field_comments":{"training_spend":"低于1.5%"}}'
expect_status returned

req GET "/api/v1/submissions/$SUB" "$X" 200
VERSION=$(num version)
save '{"payroll_total":"1000000","training_spend":"20000"}'
req POST "/api/v1/submissions/$SUB/submit" "$X" 200
expect_status submitted
req POST "/api/v1/submissions/$SUB/approve" "$R" 200 '{"comment":"通过"}'
expect_status approved
req GET "/api/v1/submissions/$SUB/history" "$X" 200             # every change with per-field diffs

req GET "/api/v1/indicators?period=$PERIOD&basis=all" "$L" 200  # every target: met, not_met or insufficient_data
req GET "/api/v1/indicators?period=$PERIOD" "$X" 200            # a school's own figures beside the district's
req GET "/api/v1/indicators/training.spend_ratio?period=$PERIOD&basis=all&group_by=town" "$L" 200
req GET "/api/v1/campaigns/$CAMPAIGN/completeness" "$L" 200     # who is in, who is missing, by town

xlsx="$OUT/reporting-cycle-$FORM-$PERIOD.xlsx"
code=$(curl -sS -o "$xlsx" -w '%{http_code}' "$BASE/api/v1/exports/submissions.xlsx?form=$FORM&period=$PERIOD" -H "Authorization: Bearer $L")
printf '%-6s %-72s %s\n' GET "/api/v1/exports/submissions.xlsx?form=$FORM&period=$PERIOD" "$code"
[ "$code" = 200 ] && [ -s "$xlsx" ] || { echo "reporting-cycle: the export answered $code" >&2; exit 1; }

echo "reporting cycle done: submission $SUB approved for $PERIOD (campaign $CAMPAIGN); export in $xlsx"
