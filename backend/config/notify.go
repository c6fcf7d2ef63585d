package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Notify configures notifications: whether the scheduler runs, how often it wakes, the SMTP
// server e-mail leaves by, the hosts a group-robot webhook may name and the reminder days.
type Notify struct {
	Enabled      bool          // TIANBAO_NOTIFY (default on): run the scheduler in serve
	Interval     time.Duration // TIANBAO_NOTIFY_INTERVAL (default 1m)
	SMTPHost     string        // TIANBAO_SMTP_HOST; empty: no e-mail
	SMTPPort     int           // TIANBAO_SMTP_PORT (default 587; 465 is implicit TLS)
	SMTPUser     string        // TIANBAO_SMTP_USER; empty: no authentication
	SMTPPass     string        // TIANBAO_SMTP_PASS
	SMTPFrom     string        // TIANBAO_SMTP_FROM, e.g. "填报 <tianbao@example.edu.cn>"
	WebhookHosts []string      // TIANBAO_NOTIFY_WEBHOOK_HOSTS (comma-separated; default qyapi.weixin.qq.com,oapi.dingtalk.com)
	Days         []int         // TIANBAO_NOTIFY_DAYS, days before a deadline to remind (default 3,1)
}

// DefaultNotify is the notification configuration when nothing is set.
func DefaultNotify() Notify {
	return Notify{Enabled: true, Interval: time.Minute, SMTPPort: 587,
		WebhookHosts: []string{"qyapi.weixin.qq.com", "oapi.dingtalk.com"}, Days: []int{3, 1}}
}

// loadNotify applies the TIANBAO_NOTIFY_* and TIANBAO_SMTP_* variables to n.
func loadNotify(getenv func(string) string, n *Notify) []error {
	var errs []error
	if v := getenv("TIANBAO_NOTIFY"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("TIANBAO_NOTIFY: %w", err))
		}
		n.Enabled = b
	}
	if v := getenv("TIANBAO_NOTIFY_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			errs = append(errs, fmt.Errorf("TIANBAO_NOTIFY_INTERVAL: %q is not a duration of at least 1s", v))
		} else {
			n.Interval = d
		}
	}
	for key, dst := range map[string]*string{"TIANBAO_SMTP_HOST": &n.SMTPHost, "TIANBAO_SMTP_USER": &n.SMTPUser,
		"TIANBAO_SMTP_PASS": &n.SMTPPass, "TIANBAO_SMTP_FROM": &n.SMTPFrom} {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	if v := getenv("TIANBAO_SMTP_PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			errs = append(errs, fmt.Errorf("TIANBAO_SMTP_PORT: %q is not a port", v))
		} else {
			n.SMTPPort = p
		}
	}
	if n.SMTPHost != "" && n.SMTPFrom == "" {
		errs = append(errs, fmt.Errorf("TIANBAO_SMTP_FROM: required with TIANBAO_SMTP_HOST"))
	}
	if v := getenv("TIANBAO_NOTIFY_WEBHOOK_HOSTS"); v != "" {
		n.WebhookHosts = nil
		for _, h := range strings.Split(v, ",") {
			if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
				n.WebhookHosts = append(n.WebhookHosts, h)
			}
		}
	}
	if v := getenv("TIANBAO_NOTIFY_DAYS"); v != "" {
		n.Days = nil
		for _, f := range strings.Split(v, ",") {
			d, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || d < 1 || d > 60 {
				errs = append(errs, fmt.Errorf("TIANBAO_NOTIFY_DAYS: %q is not a list of days 1..60 like 3,1", v))
				break
			}
			n.Days = append(n.Days, d)
		}
	}
	return errs
}
