// Package measure is the plan's twenty measures (工作举措): each with its plan section, text, lead
// unit, co-units, the indicators that evidence it and its milestones. Measures load from
// seeds/measures.yaml as version 1 and change only by import, each change a new version with the
// old ones kept. Units report progress on them through the ordinary submission lifecycle (the
// seeded form measure-progress, one submission per unit and quarter, one row per measure); this
// package reads the handed-in rows so a lead unit sees its co-units' rows and the bureau the
// whole picture, and builds the leader's board (docs/measures.md).
package measure

import (
	"time"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// FormCode is the seeded form progress reports are submissions of.
const FormCode = "measure-progress"

// Status is where a unit says a measure stands; the words are vocab's.
type Status = vocab.MeasureStatus

// Milestone is a dated step of a measure. DoneOn, when set, marks it met.
type Milestone struct {
	Key    string `yaml:"key" json:"key"`
	Title  string `yaml:"title" json:"title"`
	Due    string `yaml:"due" json:"due"`                             // YYYY-MM-DD
	DoneOn string `yaml:"done_on,omitempty" json:"done_on,omitempty"` // YYYY-MM-DD
}

// Definition is one measure as seeds/measures.yaml and the import API write it.
type Definition struct {
	Number     int         `yaml:"number" json:"number"`
	Part       string      `yaml:"part" json:"part"`
	Title      string      `yaml:"title" json:"title"`
	TitleEn    string      `yaml:"title_en" json:"title_en"`
	LeadUnits  []string    `yaml:"lead_units" json:"lead_units"`
	Lead       string      `yaml:"lead" json:"lead"`
	CoUnits    []string    `yaml:"co_units" json:"co_units"`
	Text       string      `yaml:"text" json:"text"`
	Milestones []Milestone `yaml:"milestones" json:"milestones"`
	Indicators []string    `yaml:"indicators" json:"indicators"`
	Note       string      `yaml:"note" json:"note"`
}

// Unit is a responsible unit of a measure.
type Unit struct {
	OrgID int64
	Code  string
	Name  string
	Path  string
	Lead  bool
}

// Measure is the current version of a measure with its units resolved.
type Measure struct {
	Definition
	Version   int
	Units     []Unit // lead first, then the co-units in the plan's order
	UpdatedAt time.Time
}

// LeadUnit is the measure's lead unit.
func (m Measure) LeadUnit() Unit {
	for _, u := range m.Units {
		if u.Lead {
			return u
		}
	}
	return Unit{}
}

// Version is one stored version of a measure.
type Version struct {
	Version   int
	Def       Definition
	CreatedBy *int64
	CreatedAt time.Time
}

// Row is one unit's progress on one measure in one period, from its handed-in report.
type Row struct {
	OrgCode    string
	OrgName    string
	Lead       bool
	Report     string // the submission's status: submitted or approved
	Status     Status
	Percent    int
	Done       string
	Problems   string
	NextSteps  string
	ReportedAt *time.Time
}

// BoardMeasure is one measure on the leader's board.
type BoardMeasure struct {
	Number            int
	Title             string
	TitleEn           string
	Lead              Unit
	Status            Status // the lead unit's row; empty when it has not reported
	Percent           int
	Reported          int // units with a handed-in row
	Units             int
	OverdueMilestones int
	LateDays          int // since the earliest overdue milestone; 0 when none
}

// UnitLateness counts one unit's overdue milestones (of the measures it leads).
type UnitLateness struct {
	Unit              Unit
	OverdueMilestones int
}

// Board is the leader's view of every measure in one period.
type Board struct {
	Period   string
	Measures []BoardMeasure
	ByStatus map[string]int // measure status (or "unreported") → count
	Units    []UnitLateness
}
