package notify

import (
	"strings"
	"testing"
)

// The signature DingTalk documents (timestamp + "\n" + secret, HMAC-SHA256, base64), against a
// value computed with Python's hmac module.
func TestDingTalkSign(t *testing.T) {
	if got, want := DingTalkSign(1700000000000, "SECthis-is-a-secret"), "TaTiygEFKE1tL8S16JSPQ4yM8i9Yx+vo6HuO+H1oDpI="; got != want {
		t.Fatalf("sign: got %s want %s", got, want)
	}
}

// Every template exists in every language and uses only the parameters given: a missing one
// would render as nothing.
func TestTemplatesComplete(t *testing.T) {
	params := map[string]string{"org": "ORG", "title": "TITLE", "period": "PERIOD", "deadline": "DEADLINE", "days": "DAYS",
		"form": "FORM", "count": "COUNT", "date": "DATE", "orgs": "ORGS", "reason": "REASON", "action": "ACTION", "level": "LEVEL"}
	for _, name := range Templates() {
		for _, l := range Languages {
			if _, ok := templates[name][l]; !ok {
				t.Errorf("%s: no %s text", name, l)
				continue
			}
			title, body, err := render(Message{Template: name, Params: params}, l)
			if err != nil {
				t.Fatalf("%s %s: %v", name, l, err)
			}
			if title == "" || body == "" || strings.Contains(title+body, "<no value>") {
				t.Errorf("%s %s: %q %q", name, l, title, body)
			}
		}
	}
	zh, _, _ := render(Message{Template: "returned", Params: params}, "fr")
	en, _, _ := render(Message{Template: "returned", Params: params}, "en-US")
	if !strings.Contains(zh, "退回") || !strings.Contains(en, "returned") {
		t.Errorf("language fallback: %q %q", zh, en)
	}
	if _, _, err := render(Message{Template: "no-such"}, "en"); err == nil {
		t.Error("an unknown template rendered")
	}
}

func TestMask(t *testing.T) {
	got := Mask("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-secret")
	if strings.Contains(got, "abc-secret") || !strings.HasPrefix(got, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send") {
		t.Fatalf("mask: %s", got)
	}
}
