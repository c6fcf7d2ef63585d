package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/notify"
)

// notifyContract exercises every notification route with a success and an error against
// openapi.yaml (called from the contract scenario).
func notifyContract(t *testing.T, c *contract) {
	t.Helper()
	const v1 = "/api/v1"
	admin, wlzx, xhzx := c.login(t, "admin"), c.login(t, "wlzx"), c.login(t, "xhzx")
	me := c.get(t, xhzx, v1+"/me", 200).JSON(t)
	if err := c.App.Notify.Enqueue(context.Background(), nil, notify.Message{Rule: notify.RuleReturned, Occasion: "contract:1",
		OrgID: c.OrgID("xhzx"), Users: []int64{num(t, me, "id")}, Template: "returned",
		Params: map[string]string{"form": "教师培训经费情况", "period": "2025"}, Link: "/tasks"}); err != nil {
		t.Fatal(err)
	}
	list, _ := items(t, c.get(t, xhzx, v1+"/inbox?unread=1&page=1&page_size=10", 200))
	if len(list) != 1 {
		t.Fatalf("inbox: %v", list)
	}
	c.bad(t, "GET", "", v1+"/inbox", nil, "", 401)
	c.bad(t, "GET", xhzx, v1+"/inbox?page=x", nil, "", 422)
	c.get(t, xhzx, v1+"/inbox/unread", 200)
	c.bad(t, "GET", "", v1+"/inbox/unread", nil, "", 401)
	c.send(t, http.MethodPost, xhzx, fmt.Sprintf("%s/inbox/%d/read", v1, num(t, list[0], "id")), nil, 200)
	c.send(t, http.MethodPost, wlzx, fmt.Sprintf("%s/inbox/%d/read", v1, num(t, list[0], "id")), nil, 404) // not wlzx's
	c.send(t, http.MethodPost, xhzx, v1+"/inbox/read-all", nil, 200)
	c.bad(t, "POST", "", v1+"/inbox/read-all", nil, "", 401)

	c.get(t, xhzx, v1+"/me/notifications", 200)
	c.bad(t, "GET", "", v1+"/me/notifications", nil, "", 401)
	c.send(t, http.MethodPut, xhzx, v1+"/me/notifications", map[string]any{"email": "xhzx@example.edu.cn", "email_on": true, "lang": "en"}, 200)
	c.send(t, http.MethodPut, xhzx, v1+"/me/notifications", map[string]any{"email": "", "email_on": true}, 422)
	c.bad(t, "PUT", xhzx, v1+"/me/notifications", "x", "text/plain", 415)

	own := fmt.Sprintf("%s/orgs/%d/notifications", v1, c.OrgID("wlzx"))
	c.get(t, wlzx, own, 200)
	c.get(t, xhzx, fmt.Sprintf("%s/orgs/%d/notifications", v1, c.OrgID("xhzx")), 403)
	c.get(t, wlzx, fmt.Sprintf("%s/orgs/%d/notifications", v1, c.OrgID("xhzx")), 404)
	c.send(t, http.MethodPut, wlzx, own, map[string]any{"wecom_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=contract",
		"dingtalk_url": "https://oapi.dingtalk.com/robot/send?access_token=contract", "dingtalk_secret": "SECcontract", "lang": "zh-CN"}, 200)
	c.send(t, http.MethodPut, wlzx, own, map[string]any{"wecom_url": "https://example.com/hook"}, 422)
	c.send(t, http.MethodPut, admin, fmt.Sprintf("%s/orgs/999999/notifications", v1), map[string]any{"lang": "en"}, 404)
	c.send(t, http.MethodPut, xhzx, own, map[string]any{"lang": "en"}, 403)
	c.bad(t, "PUT", wlzx, own, "x", "text/plain", 415)

	c.get(t, admin, v1+"/notifications/deliveries?status=pending&channel=email&page=1&page_size=10", 200)
	c.get(t, admin, v1+"/notifications/deliveries", 200)
	c.get(t, wlzx, v1+"/notifications/deliveries", 403)
	c.bad(t, "GET", admin, v1+"/notifications/deliveries?status=lost", nil, "", 422)
	c.bad(t, "GET", "", v1+"/notifications/deliveries", nil, "", 401)
}
