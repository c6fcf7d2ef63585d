package vocab

// MeasureStatus is where a unit says a measure stands in its progress report.
type MeasureStatus string

// Measure statuses, as a progress report's row states them.
const (
	MeasureNotStarted MeasureStatus = "not_started"
	MeasureOnTrack    MeasureStatus = "on_track"
	MeasureAtRisk     MeasureStatus = "at_risk"
	MeasureDelayed    MeasureStatus = "delayed"
	MeasureDone       MeasureStatus = "done"
)

// MeasureStatuses lists every measure status, from not started to done.
var MeasureStatuses = []MeasureStatus{MeasureNotStarted, MeasureOnTrack, MeasureAtRisk, MeasureDelayed, MeasureDone}

// Lagging reports whether the status is one the supervision office presses on.
func (s MeasureStatus) Lagging() bool { return s == MeasureAtRisk || s == MeasureDelayed }

// NoticeLevel is a supervision notice's escalation step: 提醒 → 督办 → 通报.
type NoticeLevel string

// Notice levels, in escalation order.
const (
	NoticeReminder  NoticeLevel = "reminder"  // 提醒
	NoticeSupervise NoticeLevel = "supervise" // 督办
	NoticeCirculate NoticeLevel = "circulate" // 通报
)

// NoticeLevels lists every notice level in escalation order.
var NoticeLevels = []NoticeLevel{NoticeReminder, NoticeSupervise, NoticeCirculate}

// Next is the level an escalation moves to; ok is false at the last one.
func (l NoticeLevel) Next() (NoticeLevel, bool) {
	for i, x := range NoticeLevels {
		if x == l && i+1 < len(NoticeLevels) {
			return NoticeLevels[i+1], true
		}
	}
	return "", false
}

// NoticeStatus is where a notice stands: open (the unit owes an answer), answered (the reviewer
// owes a decision), closed (accepted).
type NoticeStatus string

// Notice statuses.
const (
	NoticeOpen     NoticeStatus = "open"
	NoticeAnswered NoticeStatus = "answered"
	NoticeClosed   NoticeStatus = "closed"
)

// NoticeStatuses lists every notice status, in lifecycle order.
var NoticeStatuses = []NoticeStatus{NoticeOpen, NoticeAnswered, NoticeClosed}

// Why a reviewer issues a notice.
const (
	ReasonMeasureAtRisk     = "measure_at_risk"
	ReasonMilestoneOverdue  = "milestone_overdue"
	ReasonTaskOverdue       = "task_overdue"
	ReasonReturnedUntouched = "returned_untouched"
	ReasonOther             = "other"
)

// NoticeReasons lists every notice reason.
var NoticeReasons = []string{ReasonMeasureAtRisk, ReasonMilestoneOverdue, ReasonTaskOverdue, ReasonReturnedUntouched, ReasonOther}

// ValidMeasureStatus reports whether s is a known measure status.
func ValidMeasureStatus(s string) bool { return contains(MeasureStatuses, MeasureStatus(s)) }

// ValidNoticeLevel reports whether s is a known notice level.
func ValidNoticeLevel(s string) bool { return contains(NoticeLevels, NoticeLevel(s)) }

// ValidNoticeStatus reports whether s is a known notice status.
func ValidNoticeStatus(s string) bool { return contains(NoticeStatuses, NoticeStatus(s)) }

// ValidNoticeReason reports whether s is a known notice reason.
func ValidNoticeReason(s string) bool { return contains(NoticeReasons, s) }
