package api_test

// Real receivers for the notification tests: an HTTP server standing in for the 企业微信 and
// DingTalk robots (it checks DingTalk's signature and both payload shapes as the robots do), and
// an SMTP server in the test process.

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// robotMsg is one message a robot accepted.
type robotMsg struct {
	Robot string // "wecom" or "dingtalk"
	Key   string // the key or access_token of the URL it was posted to
	Title string
	Text  string
}

// robots is the local robot receiver.
type robots struct {
	t      *testing.T
	srv    *httptest.Server
	secret string // the DingTalk robot's signing secret

	mu       sync.Mutex
	got      []robotMsg
	rejected []string // why requests were refused (bad signature or payload)
	failNext int      // answer this many following requests with 500
}

func newRobots(t *testing.T, secret string) *robots {
	r := &robots{t: t, secret: secret}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *robots) reject(w http.ResponseWriter, why string) {
	r.rejected = append(r.rejected, why)
	w.Header().Set("Content-Type", "application/json")
	_, _ = fmt.Fprintf(w, `{"errcode":310000,"errmsg":%q}`, why)
}

func (r *robots) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failNext > 0 {
		r.failNext--
		http.Error(w, "try later", http.StatusInternalServerError)
		return
	}
	if req.Method != http.MethodPost || !strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		r.reject(w, "not a JSON POST")
		return
	}
	body, _ := io.ReadAll(req.Body)
	var p struct {
		MsgType  string `json:"msgtype"`
		Markdown *struct {
			Title   string `json:"title"`
			Text    string `json:"text"`
			Content string `json:"content"`
		} `json:"markdown"`
		Text *struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		r.reject(w, "body is not JSON")
		return
	}
	q := req.URL.Query()
	switch req.URL.Path {
	case "/cgi-bin/webhook/send": // 企业微信: {"msgtype":"markdown","markdown":{"content":...}} or text
		m := robotMsg{Robot: "wecom", Key: q.Get("key")}
		switch {
		case p.MsgType == "markdown" && p.Markdown != nil && p.Markdown.Content != "":
			m.Text = p.Markdown.Content
		case p.MsgType == "text" && p.Text != nil && p.Text.Content != "":
			m.Text = p.Text.Content
		default:
			r.reject(w, "wecom payload shape: "+string(body))
			return
		}
		r.got = append(r.got, m)
	case "/robot/send": // DingTalk: signed, {"msgtype":"markdown","markdown":{"title","text"}}
		ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		if err != nil || q.Get("sign") == "" {
			r.reject(w, "dingtalk: no timestamp or sign")
			return
		}
		if d := time.Since(time.UnixMilli(ts)); d > time.Hour || d < -time.Hour {
			r.reject(w, "dingtalk: timestamp more than an hour off")
			return
		}
		// The sign arrives URL-encoded in the query; Query() has decoded it once.
		if want := notifyTestSign(ts, r.secret); q.Get("sign") != want {
			r.reject(w, "dingtalk: bad signature "+q.Get("sign")+" want "+want)
			return
		}
		if p.MsgType != "markdown" || p.Markdown == nil || p.Markdown.Title == "" || p.Markdown.Text == "" {
			r.reject(w, "dingtalk payload shape: "+string(body))
			return
		}
		r.got = append(r.got, robotMsg{Robot: "dingtalk", Key: q.Get("access_token"), Title: p.Markdown.Title, Text: p.Markdown.Text})
	default:
		http.NotFound(w, req)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
}

// notifyTestSign computes DingTalk's signature independently of the code under test:
// base64(HMAC-SHA256(secret, timestamp+"\n"+secret)).
func notifyTestSign(ts int64, secret string) string {
	return hmacB64(secret, strconv.FormatInt(ts, 10)+"\n"+secret)
}

func (r *robots) messages() []robotMsg {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]robotMsg(nil), r.got...)
}

func (r *robots) fail(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failNext = n
}

// count is how many accepted messages on robot contain substr.
func (r *robots) count(robot, substr string) int {
	n := 0
	for _, m := range r.messages() {
		if m.Robot == robot && strings.Contains(m.Title+m.Text, substr) {
			n++
		}
	}
	return n
}

func (r *robots) checkNoRejects(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.rejected) > 0 {
		t.Fatalf("the robot refused requests: %v", r.rejected)
	}
}

// mailMsg is one e-mail the SMTP server accepted.
type mailMsg struct {
	From, To, Subject, Body string
}

// smtpServer is a minimal SMTP server (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	got  []mailMsg
	errs []string
}

func newSMTP(t *testing.T) *smtpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.session(c)
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return s
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpServer) session(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(c)
	_ = tp.PrintfLine("220 localhost ESMTP test")
	var from string
	var to []string
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			_ = tp.PrintfLine("250-localhost")
			_ = tp.PrintfLine("250 8BITMIME")
		case "MAIL":
			from, to = addrOf(line), nil
			_ = tp.PrintfLine("250 OK")
		case "RCPT":
			to = append(to, addrOf(line))
			_ = tp.PrintfLine("250 OK")
		case "DATA":
			_ = tp.PrintfLine("354 go ahead")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			s.accept(from, to, data)
			_ = tp.PrintfLine("250 OK queued")
		case "RSET", "NOOP":
			_ = tp.PrintfLine("250 OK")
		case "QUIT":
			_ = tp.PrintfLine("221 bye")
			return
		default:
			_ = tp.PrintfLine("502 not implemented")
		}
	}
}

func addrOf(line string) string {
	i, j := strings.Index(line, "<"), strings.Index(line, ">")
	if i < 0 || j < i {
		return ""
	}
	return line[i+1 : j]
}

func (s *smtpServer) accept(from string, to []string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := mail.ReadMessage(bufio.NewReader(strings.NewReader(string(data))))
	if err != nil {
		s.errs = append(s.errs, "parse: "+err.Error())
		return
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		s.errs = append(s.errs, "subject: "+err.Error())
	}
	raw, _ := io.ReadAll(m.Body)
	body := string(raw)
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "base64") {
		b, err := b64Decode(strings.ReplaceAll(strings.ReplaceAll(body, "\r", ""), "\n", ""))
		if err != nil {
			s.errs = append(s.errs, "body: "+err.Error())
		}
		body = string(b)
	}
	for _, rc := range to {
		s.got = append(s.got, mailMsg{From: from, To: rc, Subject: subject, Body: body})
	}
}

func (s *smtpServer) mails() []mailMsg {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]mailMsg(nil), s.got...)
}

// count is how many mails to rcpt have substr in the subject.
func (s *smtpServer) count(rcpt, substr string) int {
	n := 0
	for _, m := range s.mails() {
		if m.To == rcpt && strings.Contains(m.Subject, substr) {
			n++
		}
	}
	return n
}

func hmacB64(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func b64Decode(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
