package metrics

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// Path is where the scrape is served.
const Path = "/metrics"

// Gate serves GET /metrics in front of next to requests that bear token (Authorization: Bearer
// TOKEN, the scheme in any case) and passes every other request to next. With an empty token it
// is next: the API address then has no /metrics at all (TIANBAO_METRICS_ADDR serves it apart).
func (m *Metrics) Gate(next http.Handler, token string) http.Handler {
	if token == "" {
		return next
	}
	scrape := m.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != Path {
			next.ServeHTTP(w, r)
			return
		}
		scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the bearer token (TIANBAO_METRICS_TOKEN)", http.StatusUnauthorized)
			return
		}
		scrape.ServeHTTP(w, r)
	})
}

// Mux serves only GET /metrics, for the separate TIANBAO_METRICS_ADDR listener.
func (m *Metrics) Mux() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(Path, m.Handler())
	return mux
}
