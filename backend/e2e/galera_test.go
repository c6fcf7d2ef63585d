package e2e

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/loadtest"
)

const galeraProvider = "/usr/lib/galera/libgalera_smm.so"

// galeraNode is one mariadbd of the test's cluster.
type galeraNode struct {
	n                          int
	dir                        string
	port, gport, istPort, sstP int
	cmd                        *exec.Cmd
	done                       chan struct{}
	killed                     atomic.Bool
}

func (g *galeraNode) dsn(db string) string {
	return fmt.Sprintf("root@tcp(127.0.0.1:%d)/%s?timeout=5s&readTimeout=30s&writeTimeout=30s", g.port, db)
}

// TestGaleraSurvivesANode starts a three-node MariaDB Galera cluster on loopback, two Tianbao
// replicas on nodes 1 and 2, and write load from both (the cycle save, submit, approve, reopen by
// clerks of different schools in the same towns and org types, so both nodes rewrite the same
// totals groups and certification conflicts happen). Node 2's mysqld is killed with SIGKILL in
// the middle; the load goes on. Then: every acknowledged (2xx) write is on the surviving nodes,
// nothing answered >= 500 except 503 (from the replica whose node died), and the maintained
// totals equal a full rebuild.
func TestGaleraSurvivesANode(t *testing.T) {
	mariadbd, err := exec.LookPath("mariadbd")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/mariadbd"); serr == nil {
			mariadbd = "/usr/sbin/mariadbd"
		}
	}
	if _, perr := os.Stat(galeraProvider); perr != nil || mariadbd == "" {
		t.Skipf("Galera test skipped: needs %s (Debian's galera-4) and mariadbd (mariadb-server); provider: %v, mariadbd: %q",
			galeraProvider, perr, mariadbd)
	}
	installDB, err := exec.LookPath("mariadb-install-db")
	if err != nil {
		t.Fatalf("mariadbd is installed but mariadb-install-db is not: %v", err)
	}
	if _, err := exec.LookPath("rsync"); err != nil {
		t.Fatal("the Galera test joins nodes by rsync SST (wsrep_sst_method=rsync): install rsync")
	}
	t0 := time.Now()
	nodes := startGalera(t, mariadbd, installDB)
	t.Logf("three-node Galera cluster synced in %s", time.Since(t0).Round(time.Millisecond))

	admin, err := sql.Open("mysql", nodes[0].dsn(""))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE tianbao CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatal(err)
	}
	common := func(node *galeraNode) map[string]string {
		// Causal reads, as deploy/README.md tells a Galera deployment: a user created through one replica
		// logs in through the other at once (without it the other node may not have applied the insert yet).
		return map[string]string{"TIANBAO_DB": "mysql:" + node.dsn("tianbao") + "&wsrep_sync_wait=1", "TIANBAO_DEMO": "1", "TIANBAO_DEMO_DATA": "0",
			"TIANBAO_DATA_DIR": t.TempDir(), "TIANBAO_LOG_LEVEL": "warn"}
	}
	t1 := time.Now()
	a := start(t, "A(node1)", common(nodes[0]))
	b := start(t, "B(node2)", common(nodes[1]))
	t.Logf("replicas ready in %s", time.Since(t1).Round(time.Millisecond))

	// Eight clerks at eight schools, four on each replica; neighbours in the list share towns
	// and org types, so the two replicas write the same totals groups.
	adminTok := a.login(t, "admin").AccessToken
	revA, revB := a.login(t, "reviewer").AccessToken, b.login(t, "reviewer").AccessToken
	var camps struct {
		Items []struct {
			Period   string   `json:"period"`
			OrgTypes []string `json:"org_types"`
		} `json:"items"`
	}
	a.json(t, http.MethodGet, "/api/v1/campaigns?form=teacher-training", adminTok, nil, http.StatusOK, &camps)
	if len(camps.Items) == 0 {
		t.Fatal("no teacher-training campaign in the demo district")
	}
	period := camps.Items[0].Period
	var orgs struct {
		Items []struct {
			ID     int64  `json:"id"`
			Code   string `json:"code"`
			Type   string `json:"type"`
			TownID *int64 `json:"town_id"`
		} `json:"items"`
	}
	a.json(t, http.MethodGet, "/api/v1/orgs?page_size=200", adminTok, nil, http.StatusOK, &orgs)
	sort.Slice(orgs.Items, func(i, j int) bool {
		x, y := orgs.Items[i], orgs.Items[j]
		tx, ty := int64(0), int64(0)
		if x.TownID != nil {
			tx = *x.TownID
		}
		if y.TownID != nil {
			ty = *y.TownID
		}
		if tx != ty {
			return tx < ty
		}
		if x.Type != y.Type {
			return x.Type < y.Type
		}
		return x.ID < y.ID
	})
	type clerk struct {
		srv   *server
		rev   string
		tok   string
		subID int64
		acks  []int // versions acknowledged by a 2xx
	}
	var clerks []*clerk
	for _, o := range orgs.Items {
		if len(clerks) == 8 {
			break
		}
		if !contains(camps.Items[0].OrgTypes, o.Type) {
			continue
		}
		name := "galera-" + o.Code
		a.json(t, http.MethodPost, "/api/v1/users", adminTok, map[string]any{"username": name, "display_name": name,
			"password": "Galera-test-2025!", "org_id": o.ID, "roles": []map[string]any{{"role": "filler", "org_id": o.ID}}}, http.StatusCreated, nil)
		srv, rev := a, revA
		if len(clerks)%2 == 1 {
			srv, rev = b, revB
		}
		var l loginResponse
		srv.json(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": name, "password": "Galera-test-2025!"}, http.StatusOK, &l)
		var sub struct {
			ID int64 `json:"id"`
		}
		st, body := srv.status(http.MethodPost, "/api/v1/submissions", l.AccessToken, map[string]string{"form": "teacher-training", "period": period})
		if st != http.StatusCreated && st != http.StatusOK {
			continue // no task for this school
		}
		if err := json.Unmarshal(body, &sub); err != nil {
			t.Fatal(err)
		}
		clerks = append(clerks, &clerk{srv: srv, rev: rev, tok: l.AccessToken, subID: sub.ID})
		town := int64(0)
		if o.TownID != nil {
			town = *o.TownID
		}
		t.Logf("clerk %s: org %d (%s, town %d) on %s, submission %d", name, o.ID, o.Type, town, srv.name, sub.ID)
	}
	if len(clerks) < 8 {
		t.Fatalf("only %d schools with a teacher-training task", len(clerks))
	}

	// The load: each clerk runs the cycle on its own replica until stop.
	var (
		stop      atomic.Bool
		killedAt  atomic.Int64 // unix nanos when node 2 was killed
		mu        sync.Mutex
		statuses  = map[string]int{}
		bad       []string
		okAfter   atomic.Int64 // 2xx writes on A after the kill
		okBefore  atomic.Int64
		conflicts atomic.Int64
	)
	record := func(c *clerk, op string, st int, body []byte, err error) {
		mu.Lock()
		defer mu.Unlock()
		key := fmt.Sprintf("%s %s %d", c.srv.name, op, st)
		if err != nil {
			key = fmt.Sprintf("%s %s no answer", c.srv.name, op)
		}
		statuses[key]++
		if err == nil && st >= 500 && st != http.StatusServiceUnavailable && len(bad) < 10 {
			bad = append(bad, fmt.Sprintf("%s %s of submission %d: %d %s", c.srv.name, op, c.subID, st, strings.TrimSpace(tail(string(body), 300))))
		}
	}
	var wg sync.WaitGroup
	for i, c := range clerks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			version, status, saved := 0, "", false
			resync := func() bool {
				var d struct {
					Version int    `json:"version"`
					Status  string `json:"status"`
				}
				st, body, err := c.srv.do(http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d", c.subID), c.tok, nil)
				if err != nil || st != http.StatusOK || json.Unmarshal(body, &d) != nil {
					return false
				}
				if d.Status != status {
					saved = false
				}
				version, status = d.Version, d.Status
				return true
			}
			for !stop.Load() && !resync() {
				time.Sleep(200 * time.Millisecond)
			}
			for n := 0; !stop.Load(); n++ {
				path := fmt.Sprintf("/api/v1/submissions/%d", c.subID)
				var op, method, tok string
				var body any
				switch {
				case status == "submitted":
					op, method, tok, path = "approve", http.MethodPost, c.rev, path+"/approve"
					body = map[string]any{"version": version}
				case status == "approved":
					op, method, tok, path = "reopen", http.MethodPost, c.rev, path+"/reopen"
					body = map[string]any{"version": version, "comment": "重开"}
				case !saved:
					op, method, tok = "save", http.MethodPut, c.tok
					body = map[string]any{"version": version, "values": map[string]any{"payroll_total": "1000000",
						"training_spend": fmt.Sprint(10000 + (i*131+n)%9000), "trainees": fmt.Sprint(n % 40)}}
				default:
					op, method, tok, path = "submit", http.MethodPost, c.tok, path+"/submit"
					body = map[string]any{"version": version}
				}
				st, raw, err := c.srv.do(method, path, tok, body)
				record(c, op, st, raw, err)
				var d struct {
					Version int    `json:"version"`
					Status  string `json:"status"`
				}
				if err == nil && st == http.StatusOK && json.Unmarshal(raw, &d) == nil {
					c.acks = append(c.acks, d.Version)
					version, status, saved = d.Version, d.Status, op == "save"
					if killedAt.Load() != 0 {
						if c.srv == a {
							okAfter.Add(1)
						}
					} else {
						okBefore.Add(1)
					}
					continue
				}
				if err == nil && st == http.StatusConflict {
					conflicts.Add(1)
				}
				if err != nil || st >= 500 {
					time.Sleep(100 * time.Millisecond) // the replica's node is gone: do not spin
				}
				resync()
			}
		}()
	}
	t.Cleanup(func() { stop.Store(true); wg.Wait() })

	time.Sleep(12 * time.Second)
	before := okBefore.Load()
	nodes[1].kill(t)
	killedAt.Store(time.Now().UnixNano())
	t.Logf("node 2 killed (SIGKILL) after %d acknowledged writes", before)
	waitFor(t, 60*time.Second, "replica A writes again after node 2 died", func() bool { return okAfter.Load() >= 20 })
	time.Sleep(5 * time.Second)
	stop.Store(true)
	wg.Wait()

	mu.Lock()
	keys := make([]string, 0, len(statuses))
	for k := range statuses {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var summary []string
	for _, k := range keys {
		summary = append(summary, fmt.Sprintf("%s: %d", k, statuses[k]))
	}
	mu.Unlock()
	t.Logf("answers: %s", strings.Join(summary, ", "))
	t.Logf("%d writes acknowledged before the kill, %d by A after it, %d conflicts (409)", before, okAfter.Load(), conflicts.Load())
	if len(bad) > 0 {
		t.Errorf("answers >= 500 other than 503:\n%s", strings.Join(bad, "\n"))
	}
	for k, n := range statuses {
		if strings.HasPrefix(k, a.name) && strings.HasSuffix(k, "no answer") {
			t.Errorf("replica A left %d requests unanswered (%s)", n, k)
		}
	}

	// Every acknowledged write is on both surviving nodes: the submission's revision rows carry
	// every acknowledged version, and the submission is at the last one.
	for _, node := range []*galeraNode{nodes[0], nodes[2]} {
		db, err := sql.Open("mysql", node.dsn("tianbao"))
		if err != nil {
			t.Fatal(err)
		}
		// Reads on node 3 wait for everything node 3 has been sent to be applied.
		if _, err := db.Exec("SET SESSION wsrep_sync_wait = 1"); err != nil {
			t.Fatalf("node %d: %v", node.n, err)
		}
		missing := 0
		for _, c := range clerks {
			var version int
			if err := db.QueryRow("SELECT version FROM submissions WHERE id = ?", c.subID).Scan(&version); err != nil {
				t.Fatalf("node %d: submission %d: %v", node.n, c.subID, err)
			}
			have := map[int]bool{}
			rows, err := db.Query("SELECT version FROM submission_revisions WHERE submission_id = ?", c.subID)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v int
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				have[v] = true
			}
			_ = rows.Close()
			for _, v := range c.acks {
				if !have[v] || v > version {
					missing++
					if missing <= 5 {
						t.Errorf("node %d: submission %d: acknowledged version %d is missing (stored version %d)", node.n, c.subID, v, version)
					}
				}
			}
		}
		_ = db.Close()
		if missing > 0 {
			t.Errorf("node %d: %d acknowledged writes missing", node.n, missing)
		}
	}
	var certFailures, bfAborts int64
	for _, node := range []*galeraNode{nodes[0], nodes[2]} {
		db, err := sql.Open("mysql", node.dsn(""))
		if err != nil {
			t.Fatal(err)
		}
		for name, sum := range map[string]*int64{"wsrep_local_cert_failures": &certFailures, "wsrep_local_bf_aborts": &bfAborts} {
			var k string
			var v int64
			if err := db.QueryRow("SHOW GLOBAL STATUS LIKE '"+name+"'").Scan(&k, &v); err == nil {
				*sum += v
			}
		}
		_ = db.Close()
	}
	t.Logf("Galera conflicts on the surviving nodes: %d certification failures, %d brute-force aborts (each retried by the replica that saw it)",
		certFailures, bfAborts)
	acked := 0
	for _, c := range clerks {
		acked += len(c.acks)
	}
	t.Logf("%d acknowledged writes checked on nodes 1 and 3", acked)

	note, equal, err := loadtest.CheckTotals(context.Background(), "mysql:"+nodes[0].dsn("tianbao"), t.TempDir())
	if err != nil {
		t.Fatalf("totals check: %v", err)
	}
	if !equal {
		t.Errorf("maintained totals differ from a full rebuild: %s", note)
	}
	t.Logf("totals: %s; whole test %s", note, time.Since(t0).Round(time.Millisecond))
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// quietPorts hands out ports below the kernel's ephemeral range, each free when handed out and
// never handed out twice. A node listens on its IST and SST ports only when it joins, seconds
// after they are chosen; a port from the ephemeral range (net.Listen on :0) could meanwhile be
// taken as the local end of some outgoing connection, the nodes' own included, and the join failed
// with "Address already in use".
type quietPorts struct {
	next int
	used map[int]bool
}

func newQuietPorts() *quietPorts {
	// Linux's default ephemeral range starts at 32768; start well below it, at a spot that differs
	// between runs so that two test binaries side by side do not walk the same ports.
	return &quietPorts{next: 20000 + int(time.Now().UnixNano()%8000), used: map[int]bool{}}
}

func (q *quietPorts) take(t *testing.T) int {
	t.Helper()
	for ; q.next < 32000; q.next++ {
		if q.used[q.next] {
			continue
		}
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", q.next))
		if err != nil {
			continue
		}
		_ = ln.Close()
		q.used[q.next] = true
		return q.next
	}
	t.Fatal("no free port below the ephemeral range")
	return 0
}

// startGalera initialises three data directories, bootstraps node 1 and joins 2 and 3 (rsync
// SST), and waits until every node reports a synced cluster of 3. Every mariadbd runs in its own
// process group, killed when the test ends.
func startGalera(t *testing.T, mariadbd, installDB string) []*galeraNode {
	t.Helper()
	root, err := os.MkdirTemp("", "tianbao-galera-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(root, 0o755)
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	nodes := make([]*galeraNode, 3)
	var peers []string
	ports := newQuietPorts()
	for i := range nodes {
		g := &galeraNode{n: i + 1, dir: filepath.Join(root, fmt.Sprintf("n%d", i+1)), port: ports.take(t), gport: ports.take(t),
			istPort: ports.take(t), sstP: ports.take(t), done: make(chan struct{})}
		nodes[i] = g
		peers = append(peers, fmt.Sprintf("127.0.0.1:%d", g.gport))
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user=root\n"
	}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, g := range nodes {
		if err := os.MkdirAll(g.dir, 0o755); err != nil {
			t.Fatal(err)
		}
		// Two applier threads with galera-4's default optimistic parallel applying: before a submit
		// rewrote its facts in place (it deleted and re-inserted them), this is where it hit 1062 on
		// its own fact rows a few times a minute.
		cnf := fmt.Sprintf(`[mysqld]
%sdatadir=%s/data
tmpdir=%s/tmp
socket=%s/sock
port=%d
bind-address=127.0.0.1
pid-file=%s/mysqld.pid
log-error=%s/error.log
skip-name-resolve
skip-log-bin
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_flush_log_at_trx_commit=2
max_connections=200
wsrep_on=ON
wsrep_provider=%s
wsrep_cluster_name=tianbao_test
wsrep_cluster_address=gcomm://%s
wsrep_node_address=127.0.0.1:%d
wsrep_node_name=n%d
wsrep_provider_options="base_port=%d;ist.recv_addr=127.0.0.1:%d;gcache.size=64M;evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.inactive_check_period=PT0.5S"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:%d
wsrep_slave_threads=2
`, user, g.dir, g.dir, g.dir, g.port, g.dir, g.dir, galeraProvider, strings.Join(peers, ","), g.gport, g.n, g.gport, g.istPort, g.sstP)
		if err := os.WriteFile(filepath.Join(g.dir, "my.cnf"), []byte(cnf), 0o644); err != nil {
			t.Fatal(err)
		}
		// The system tables are created without wsrep: nothing to replicate yet, no ports taken.
		// Each node has its own tmpdir: bootstraps running side by side in one /tmp collide on
		// their temporary tables.
		if err := os.MkdirAll(filepath.Join(g.dir, "tmp"), 0o777); err != nil {
			t.Fatal(err)
		}
		install := fmt.Sprintf("[mysqld]\n%sdatadir=%s/data\ntmpdir=%s/tmp\nsocket=%s/install.sock\nlog-error=%s/install-error.log\nskip-networking\nskip-log-bin\n",
			user, g.dir, g.dir, g.dir, g.dir)
		if err := os.WriteFile(filepath.Join(g.dir, "install.cnf"), []byte(install), 0o644); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := exec.Command(installDB, "--defaults-file="+filepath.Join(g.dir, "install.cnf"), "--auth-root-authentication-method=normal",
				"--skip-test-db").CombinedOutput()
			if err != nil {
				log, _ := os.ReadFile(filepath.Join(g.dir, "install-error.log"))
				errs[i] = fmt.Errorf("mariadb-install-db node %d: %v\n%s\n%s", g.n, err, tail(string(out), 1500), tail(string(log), 2500))
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	// An rsync daemon started by root drops to nobody: the joiners' data directories must be
	// theirs for the SST to write into them (mariadbd itself runs as root and reads them).
	if os.Geteuid() == 0 {
		for _, g := range nodes[1:] {
			if out, err := exec.Command("chown", "-R", "nobody:nogroup", filepath.Join(g.dir, "data")).CombinedOutput(); err != nil {
				t.Fatalf("chown: %v %s", err, out)
			}
		}
	}
	for _, g := range nodes {
		t.Cleanup(func() {
			g.kill(t)
			if t.Failed() {
				b, _ := os.ReadFile(filepath.Join(g.dir, "error.log"))
				t.Logf("--- node %d error log:\n%s", g.n, tail(string(b), 3000))
			}
		})
	}
	nodes[0].start(t, mariadbd, "--wsrep-new-cluster")
	nodes[0].waitSize(t, 1, 90*time.Second)
	nodes[1].start(t, mariadbd)
	nodes[2].start(t, mariadbd)
	for _, g := range nodes {
		g.waitSize(t, 3, 120*time.Second)
	}
	return nodes
}

func (g *galeraNode) start(t *testing.T, mariadbd string, extra ...string) {
	t.Helper()
	g.cmd = exec.Command(mariadbd, append([]string{"--defaults-file=" + filepath.Join(g.dir, "my.cnf")}, extra...)...)
	g.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := os.Create(filepath.Join(g.dir, "stdout.log"))
	if err != nil {
		t.Fatal(err)
	}
	g.cmd.Stdout, g.cmd.Stderr = out, out
	if err := g.cmd.Start(); err != nil {
		t.Fatalf("start node %d: %v", g.n, err)
	}
	go func() { _ = g.cmd.Wait(); _ = out.Close(); close(g.done) }()
}

// kill sends SIGKILL to the node's whole process group (mariadbd and any SST helpers).
func (g *galeraNode) kill(t *testing.T) {
	if g.cmd == nil || g.cmd.Process == nil || g.killed.Swap(true) {
		return
	}
	_ = syscall.Kill(-g.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-g.done:
	case <-time.After(30 * time.Second):
		t.Errorf("node %d did not exit after SIGKILL", g.n)
	}
}

// waitSize waits until the node accepts queries, is synced, and sees a cluster of n.
func (g *galeraNode) waitSize(t *testing.T, n int, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	db, err := sql.Open("mysql", g.dsn(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var last string
	for time.Now().Before(deadline) {
		select {
		case <-g.done:
			b, _ := os.ReadFile(filepath.Join(g.dir, "error.log"))
			t.Fatalf("node %d exited while starting:\n%s", g.n, tail(string(b), 4000))
		default:
		}
		var name, size, state string
		err1 := db.QueryRow("SHOW STATUS LIKE 'wsrep_cluster_size'").Scan(&name, &size)
		err2 := db.QueryRow("SHOW STATUS LIKE 'wsrep_local_state_comment'").Scan(&name, &state)
		if err1 == nil && err2 == nil {
			last = fmt.Sprintf("size %s, %s", size, state)
			if size == fmt.Sprint(n) && state == "Synced" {
				return
			}
		} else {
			last = fmt.Sprint(errors.Join(err1, err2))
		}
		time.Sleep(250 * time.Millisecond)
	}
	b, _ := os.ReadFile(filepath.Join(g.dir, "error.log"))
	t.Fatalf("node %d: no synced cluster of %d within %s (last: %s):\n%s", g.n, n, d, last, tail(string(b), 4000))
}
