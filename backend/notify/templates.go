package notify

import (
	"fmt"
	"strings"
	"text/template"
)

// text is one template's title and body in one language; both are text/template over Params.
type text struct{ title, body string }

// templates are the messages the rules and other domains send, by name and language. Bodies are
// Markdown that reads well as plain text too (e-mail sends them as they are).
var templates = map[string]map[string]text{
	"deadline": {
		"zh-CN": {"【填报提醒】{{.title}} 还有 {{.days}} 天截止",
			"**{{.org}}**：《{{.title}}》（{{.period}}）将于 {{.deadline}} 截止，尚未提交，请尽快填报。"},
		"en": {"[Reminder] {{.title}} is due in {{.days}} days",
			"**{{.org}}**: \"{{.title}}\" ({{.period}}) is due on {{.deadline}} and has not been submitted yet."},
	},
	"returned": {
		"zh-CN": {"【退回】{{.form}}（{{.period}}）已被退回",
			"您提交的《{{.form}}》（{{.period}}）已被审核人员退回，请查看意见后修改并重新提交。"},
		"en": {"[Returned] {{.form}} ({{.period}}) was returned",
			"Your submission of \"{{.form}}\" ({{.period}}) was returned by a reviewer. Read the comments, correct it and submit it again."},
	},
	"overdue": {
		"zh-CN": {"【逾期】{{.org}}《{{.title}}》已逾期",
			"**{{.org}}** 的《{{.title}}》（{{.period}}）已于 {{.deadline}} 截止，至今未提交。"},
		"en": {"[Overdue] {{.org}}: {{.title}}",
			"**{{.org}}** has not submitted \"{{.title}}\" ({{.period}}), due on {{.deadline}}."},
	},
	"overdue.summary": {
		"zh-CN": {"【逾期汇总】《{{.title}}》有 {{.count}} 个单位逾期未报",
			"截至 {{.date}}，您负责的范围内有 {{.count}} 个单位未在 {{.deadline}} 前提交《{{.title}}》（{{.period}}）：{{.orgs}}"},
		"en": {"[Overdue] {{.count}} units have not submitted {{.title}}",
			"As of {{.date}}, {{.count}} units in your area have not submitted \"{{.title}}\" ({{.period}}), due on {{.deadline}}: {{.orgs}}"},
	},
	"digest": {
		"zh-CN": {"【待审核】{{.count}} 份填报等待审核", "截至 {{.date}}，您负责的范围内有 {{.count}} 份填报等待审核。"},
		"en":    {"[Review queue] {{.count}} submissions waiting", "As of {{.date}}, {{.count}} submissions in your area are waiting for review."},
	},
	"notice.issued": {
		"zh-CN": {"【督办】{{.title}}", "**{{.org}}** 收到督办单：{{.reason}}\n\n要求：{{.action}}\n\n请于 {{.deadline}} 前反馈。"},
		"en":    {"[Supervision notice] {{.title}}", "**{{.org}}** received a supervision notice: {{.reason}}\n\nRequired: {{.action}}\n\nAnswer by {{.deadline}}."},
	},
	"notice.escalated": {
		"zh-CN": {"【{{.level}}】{{.title}}", "督办单《{{.title}}》已升级为「{{.level}}」，请于 {{.deadline}} 前反馈。"},
		"en":    {"[{{.level}}] {{.title}}", "The supervision notice \"{{.title}}\" was escalated to {{.level}}. Answer by {{.deadline}}."},
	},
	"notice.deadline": {
		"zh-CN": {"【督办到期】{{.title}}", "督办单《{{.title}}》将于 {{.deadline}} 到期，尚未反馈。"},
		"en":    {"[Notice due] {{.title}}", "The supervision notice \"{{.title}}\" is due on {{.deadline}} and has no answer yet."},
	},
	"notice.answered": {
		"zh-CN": {"【督办反馈】{{.title}}", "**{{.org}}** 已反馈督办单《{{.title}}》。"},
		"en":    {"[Notice answered] {{.title}}", "**{{.org}}** answered the supervision notice \"{{.title}}\"."},
	},
}

// Templates lists the registered template names (for callers of Enqueue and for tests).
func Templates() []string {
	out := make([]string, 0, len(templates))
	for k := range templates {
		out = append(out, k)
	}
	return out
}

// lang returns a supported language: l if there is a template language for it, else zh-CN.
func lang(l string) string {
	for _, x := range Languages {
		if strings.EqualFold(l, x) {
			return x
		}
	}
	if strings.HasPrefix(strings.ToLower(l), "en") {
		return "en"
	}
	return Languages[0]
}

// render gives m's title and body in language l.
func render(m Message, l string) (title, body string, err error) {
	if m.Template == "" {
		return m.Title, m.Body, nil
	}
	byLang, ok := templates[m.Template]
	if !ok {
		return "", "", fmt.Errorf("notify: no template %q", m.Template)
	}
	t := byLang[lang(l)]
	exec := func(name, src string) (string, error) {
		tpl, err := template.New(name).Option("missingkey=zero").Parse(src)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		params := map[string]string{}
		for k, v := range m.Params {
			params[k] = v
		}
		if err := tpl.Execute(&b, params); err != nil {
			return "", err
		}
		return b.String(), nil
	}
	if title, err = exec(m.Template+".title", t.title); err != nil {
		return "", "", fmt.Errorf("render %s title: %w", m.Template, err)
	}
	if body, err = exec(m.Template+".body", t.body); err != nil {
		return "", "", fmt.Errorf("render %s body: %w", m.Template, err)
	}
	return title, body, nil
}
