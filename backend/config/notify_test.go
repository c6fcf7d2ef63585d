package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNotifyConfig(t *testing.T) {
	c, err := Load(nil, env(map[string]string{"TIANBAO_NOTIFY": "0", "TIANBAO_NOTIFY_INTERVAL": "30s",
		"TIANBAO_SMTP_HOST": "smtp.example.edu.cn", "TIANBAO_SMTP_PORT": "465", "TIANBAO_SMTP_USER": "u", "TIANBAO_SMTP_PASS": "p",
		"TIANBAO_SMTP_FROM": "填报 <tb@example.edu.cn>", "TIANBAO_NOTIFY_WEBHOOK_HOSTS": " QYAPI.weixin.qq.com ,127.0.0.1",
		"TIANBAO_NOTIFY_DAYS": "5,2"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Notify{Enabled: false, Interval: 30 * time.Second, SMTPHost: "smtp.example.edu.cn", SMTPPort: 465, SMTPUser: "u",
		SMTPPass: "p", SMTPFrom: "填报 <tb@example.edu.cn>", WebhookHosts: []string{"qyapi.weixin.qq.com", "127.0.0.1"}, Days: []int{5, 2}}
	if !reflect.DeepEqual(c.Notify, want) {
		t.Fatalf("got %+v\nwant %+v", c.Notify, want)
	}
	if d, _ := Load(nil, env(nil)); !reflect.DeepEqual(d.Notify, DefaultNotify()) || !d.Notify.Enabled {
		t.Fatalf("defaults: %+v", d.Notify)
	}
	for _, bad := range []map[string]string{
		{"TIANBAO_NOTIFY_INTERVAL": "10ms"}, {"TIANBAO_SMTP_PORT": "70000"}, {"TIANBAO_NOTIFY_DAYS": "3,x"},
		{"TIANBAO_SMTP_HOST": "smtp.example.edu.cn"}, {"TIANBAO_NOTIFY": "maybe"},
	} {
		if _, err := Load(nil, env(bad)); err == nil {
			t.Errorf("%v: want an error", bad)
		} else if k := func() string {
			for k := range bad {
				return k
			}
			return ""
		}(); !strings.Contains(err.Error(), k) && !strings.Contains(err.Error(), "TIANBAO_SMTP_FROM") {
			t.Errorf("%v: error %q does not name the variable", bad, err)
		}
	}
}
