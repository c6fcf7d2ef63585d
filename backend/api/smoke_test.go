package api_test

import (
	"testing"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

func TestSmokeLogin(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		e := testenv.New(t, kind)
		r := e.Do("POST", "/api/v1/auth/login", "", map[string]string{"username": "wlzx", "password": testenv.DemoPassword})
		t.Logf("%d %s", r.Status, r.Body)
	})
}
