package loadtest

import (
	"net/http"
	"testing"
)

// A run on a database an earlier run used finds its workers' accounts there: the server's
// duplicate-username answer counts as the account being there, any other refusal does not.
func TestAccountThere(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   bool
	}{
		{http.StatusCreated, `{"id":7}`, true},
		{http.StatusConflict, `{}`, true},
		{http.StatusUnprocessableEntity, `{"code":"validation","errors":[{"field":"username","code":"duplicate","message":"this username is taken"}]}`, true},
		{http.StatusUnprocessableEntity, `{"code":"validation","errors":[{"field":"password","code":"weak"}]}`, false},
		{http.StatusUnprocessableEntity, `{"code":"validation","errors":[{"field":"username","code":"duplicate"},{"field":"org_id","code":"not_found"}]}`, false},
		{http.StatusUnprocessableEntity, `not json`, false},
		{http.StatusForbidden, `{}`, false},
		{http.StatusInternalServerError, `{}`, false},
	} {
		if got := accountThere(result{status: c.status, body: []byte(c.body)}); got != c.want {
			t.Errorf("%d %s: %v, want %v", c.status, c.body, got, c.want)
		}
	}
}
