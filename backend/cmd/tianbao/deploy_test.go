package main

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/tianbao-edu/tianbao/backend/config"
)

// yamlDocs decodes every document of a repository YAML file.
func yamlDocs(t *testing.T, rel string) []map[string]any {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(repoFile(t, rel)))
	var out []map[string]any
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if err.Error() == "EOF" {
				return out
			}
			t.Fatalf("%s: %v", rel, err)
		}
		if m != nil {
			out = append(out, m)
		}
	}
}

// dig walks nested maps by key.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func kind(t *testing.T, rel, k string) map[string]any {
	t.Helper()
	for _, d := range yamlDocs(t, rel) {
		if d["kind"] == k {
			return d
		}
	}
	t.Fatalf("%s has no %s", rel, k)
	return nil
}

// The Ingress applies on a stock ingress-nginx (no snippet annotations), and a NetworkPolicy
// ships in the kustomization: only the ingress controller on the API port, only monitoring on
// the metrics port.
func TestDeployIngressAndNetworkPolicy(t *testing.T) {
	ing := kind(t, "deploy/k8s/ingress.yaml", "Ingress")
	for k := range dig(ing, "metadata", "annotations").(map[string]any) {
		if strings.Contains(strings.ToLower(k), "snippet") {
			t.Errorf("the Ingress uses %s, which stock ingress-nginx refuses", k)
		}
	}
	kust := kind(t, "deploy/k8s/kustomization.yaml", "Kustomization")
	var found bool
	for _, r := range kust["resources"].([]any) {
		found = found || r == "networkpolicy.yaml"
	}
	if !found {
		t.Fatal("kustomization.yaml does not apply networkpolicy.yaml")
	}
	np := kind(t, "deploy/k8s/networkpolicy.yaml", "NetworkPolicy")
	if dig(np, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name") != "tianbao" {
		t.Fatalf("the NetworkPolicy does not select the tianbao pods: %v", dig(np, "spec", "podSelector"))
	}
	ports := map[string]bool{}
	for _, r := range dig(np, "spec", "ingress").([]any) {
		from, _ := dig(r, "from").([]any)
		if len(from) == 0 {
			t.Errorf("an ingress rule admits every source: %v", r)
		}
		for _, p := range dig(r, "ports").([]any) {
			ports[dig(p, "port").(string)] = true
		}
	}
	if !ports["http"] || !ports["metrics"] || len(ports) != 2 {
		t.Fatalf("the NetworkPolicy opens %v; want http and metrics", ports)
	}
}

// Trusted proxy ranges in the shipped files are narrow: no /8, no 0.0.0.0/0, parseable.
func TestDeployTrustedProxiesNarrow(t *testing.T) {
	re := regexp.MustCompile(`TIANBAO_TRUSTED_PROXIES:\s*"?([^"\s#]+)`)
	for _, f := range []string{"deploy/k8s/configmap.yaml", "deploy/docker-compose.yml"} {
		m := re.FindStringSubmatch(repoFile(t, f))
		if m == nil {
			t.Fatalf("%s sets no TIANBAO_TRUSTED_PROXIES", f)
		}
		nets, err := config.Config{TrustedProxies: m[1]}.TrustedProxyNets()
		if err != nil || len(nets) == 0 {
			t.Fatalf("%s: %q: %v", f, m[1], err)
		}
		for _, n := range nets {
			if ones, bits := n.Mask.Size(); bits == 32 && ones < 24 || bits == 128 && ones < 64 {
				t.Errorf("%s trusts %s: wider than a /24", f, n)
			}
			if n.Contains(net.ParseIP("8.8.8.8")) {
				t.Errorf("%s trusts public addresses: %s", f, n)
			}
		}
	}
}

// compose and Kubernetes scrape the separate metrics port, not the API port.
func TestDeployScrapesTheMetricsPort(t *testing.T) {
	cm := kind(t, "deploy/k8s/configmap.yaml", "ConfigMap")
	if dig(cm, "data", "TIANBAO_METRICS_ADDR") != ":9090" {
		t.Fatalf("the ConfigMap sets TIANBAO_METRICS_ADDR %v", dig(cm, "data", "TIANBAO_METRICS_ADDR"))
	}
	dep := kind(t, "deploy/k8s/deployment.yaml", "Deployment")
	if p := dig(dep, "spec", "template", "metadata", "annotations", "prometheus.io/port"); p != "9090" {
		t.Fatalf("the pods' prometheus.io/port is %v", p)
	}
	var named bool
	for _, c := range dig(dep, "spec", "template", "spec", "containers").([]any) {
		for _, p := range dig(c, "ports").([]any) {
			named = named || dig(p, "name") == "metrics" && dig(p, "containerPort") == 9090
		}
	}
	if !named {
		t.Fatal("the container has no metrics port 9090")
	}
	compose := repoFile(t, "deploy/docker-compose.yml")
	if !strings.Contains(compose, `TIANBAO_METRICS_ADDR: ":9090"`) {
		t.Fatal("compose does not set TIANBAO_METRICS_ADDR")
	}
	prom := repoFile(t, "deploy/prometheus.yml")
	if !strings.Contains(prom, "app1:9090") || !strings.Contains(prom, "app2:9090") {
		t.Fatalf("deploy/prometheus.yml does not scrape both replicas' metrics port:\n%s", prom)
	}
}

// deploy/README.md has the "before you go live" checklist, and every line names a test that
// exists; it covers registry mirrors.
func TestDeployGuideChecklistIsBacked(t *testing.T) {
	guide := repoFile(t, "deploy/README.md")
	_, rest, ok := strings.Cut(guide, "## Before you go live")
	if !ok {
		t.Fatal(`deploy/README.md has no "Before you go live" section`)
	}
	section, _, _ := strings.Cut(rest, "\n## ")
	tests := map[string]bool{}
	root := filepath.Join("..", "..")
	funcRe := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, "_test.go") {
			b, _ := os.ReadFile(p)
			for _, m := range funcRe.FindAllStringSubmatch(string(b), -1) {
				tests[m[1]] = true
			}
		}
		return nil
	})
	items := regexp.MustCompile(`(?m)^- \[ \] `).Split(section, -1)[1:]
	if len(items) < 5 {
		t.Fatalf("the checklist has %d items", len(items))
	}
	nameRe := regexp.MustCompile("`(Test\\w+)`")
	for _, it := range items {
		names := nameRe.FindAllStringSubmatch(it, -1)
		if len(names) == 0 {
			t.Errorf("a checklist item names no test: %q", it)
		}
		for _, n := range names {
			if !tests[n[1]] {
				t.Errorf("the checklist names %s, which does not exist", n[1])
			}
		}
	}
	for _, want := range []string{"registry-mirrors", "GOPROXY", "NPM_CONFIG_REGISTRY", "tianbao demo purge", "TIANBAO_METRICS_ADDR"} {
		if !strings.Contains(guide, want) && !(want == "tianbao demo purge" && strings.Contains(guide, "demo purge")) {
			t.Errorf("deploy/README.md does not mention %s", want)
		}
	}
	docker := repoFile(t, "Dockerfile")
	for _, arg := range []string{"ARG GOPROXY", "ARG NPM_CONFIG_REGISTRY", "ARG RUNTIME_IMAGE"} {
		if !strings.Contains(docker, arg) {
			t.Errorf("the Dockerfile lacks %s for a registry mirror", arg)
		}
	}
}
