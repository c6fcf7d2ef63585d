package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/mail"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Target is where one delivery goes: a webhook (URL and, for DingTalk, its signing secret) or an
// e-mail address.
type Target struct {
	URL    string
	Secret string
	Email  string
}

// Sender delivers one message on one channel; a nil error means the channel accepted it.
type Sender interface {
	Send(ctx context.Context, to Target, subject, body string) error
}

// SMTP is how e-mail leaves: the server, its credentials and the From address.
type SMTP struct {
	Host string
	Port int
	User string
	Pass string
	From string
}

// robotReply is what both robots answer: errcode 0 is success.
type robotReply struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// postJSON posts v to u and checks a robot's reply.
func postJSON(ctx context.Context, client *http.Client, u string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return redactURL(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("webhook answered %d", resp.StatusCode)
	}
	var r robotReply
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("webhook answered 200 without a robot reply")
	}
	if r.ErrCode != 0 {
		return fmt.Errorf("webhook errcode %d: %.200s", r.ErrCode, r.ErrMsg)
	}
	return nil
}

// redactURL drops the URL (which carries the robot's key) from a transport error.
func redactURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("webhook %s: %w", ue.Op, ue.Err)
	}
	return err
}

// WeCom posts to a 企业微信 group robot: {"msgtype":"markdown","markdown":{"content":...}}.
type WeCom struct{ Client *http.Client }

// Send implements Sender.
func (w WeCom) Send(ctx context.Context, to Target, subject, body string) error {
	msg := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": "### " + subject + "\n" + body}}
	return postJSON(ctx, w.Client, to.URL, msg)
}

// DingTalk posts to a DingTalk robot, signed when the robot has a secret: timestamp (ms) and
// sign = URL-encoded base64(HMAC-SHA256(secret, timestamp + "\n" + secret)) as query parameters.
type DingTalk struct {
	Client *http.Client
	Now    func() time.Time // the wall clock the signature's timestamp comes from; DingTalk allows 1 h skew
}

// DingTalkSign returns the sign parameter for a timestamp in milliseconds (before URL encoding).
func DingTalkSign(timestampMS int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestampMS, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Send implements Sender.
func (d DingTalk) Send(ctx context.Context, to Target, subject, body string) error {
	u := to.URL
	if to.Secret != "" {
		now := time.Now
		if d.Now != nil {
			now = d.Now
		}
		ts := now().UnixMilli()
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + "timestamp=" + strconv.FormatInt(ts, 10) + "&sign=" + url.QueryEscape(DingTalkSign(ts, to.Secret))
	}
	msg := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": subject, "text": "### " + subject + "\n\n" + body}}
	return postJSON(ctx, d.Client, u, msg)
}

// Mailer sends e-mail over SMTP: implicit TLS on port 465, else STARTTLS when the server offers
// it; it authenticates (PLAIN) only when a user is configured, and net/smtp refuses to send the
// password over an unencrypted connection except to localhost.
type Mailer struct{ Config SMTP }

// Send implements Sender.
func (m Mailer) Send(ctx context.Context, to Target, subject, body string) error {
	c := m.Config
	if c.Host == "" {
		return fmt.Errorf("smtp: no server configured (TIANBAO_SMTP_HOST): %w", errPermanent)
	}
	from, err := mail.ParseAddress(c.From)
	if err != nil {
		return fmt.Errorf("smtp: TIANBAO_SMTP_FROM %q: %w", c.From, err)
	}
	rcpt, err := mail.ParseAddress(to.Email)
	if err != nil {
		return fmt.Errorf("smtp: recipient: %w", err)
	}
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	var conn net.Conn
	dialer := &net.Dialer{Timeout: 15 * time.Second}
	if c.Port == 465 {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("smtp: dial %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(60 * time.Second))
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("smtp: greeting: %w", err)
	}
	defer cl.Close()
	if c.Port != 465 {
		if ok, _ := cl.Extension("STARTTLS"); ok {
			if err := cl.StartTLS(&tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}); err != nil {
				return fmt.Errorf("smtp: starttls: %w", err)
			}
		}
	}
	if c.User != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.User, c.Pass, c.Host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := cl.Mail(from.Address); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := cl.Rcpt(rcpt.Address); err != nil {
		return fmt.Errorf("smtp: RCPT TO: %w", err)
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(mailMessage(from, rcpt, subject, body, c.Host)); err != nil {
		return fmt.Errorf("smtp: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: end of data: %w", err)
	}
	return cl.Quit()
}

// mailMessage builds a UTF-8 plain-text message with an encoded subject and a base64 body.
func mailMessage(from, to *mail.Address, subject, body, host string) []byte {
	var id [12]byte
	_, _ = rand.Read(id[:])
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", from.String())
	fmt.Fprintf(&b, "To: %s\r\n", to.String())
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id[:]), host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}
