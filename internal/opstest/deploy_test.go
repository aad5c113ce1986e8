package opstest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSystemdUnitsVerify runs `systemd-analyze verify` over deploy/'s units, which
// checks every directive and that the programs they start exist. The binary's path
// is pointed at the test's build, since /usr/local/bin/leadline is not installed here.
func TestSystemdUnitsVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("skipped: systemd-analyze is not installed (it comes with systemd)")
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := binary(t)
	dir := t.TempDir()
	units := []string{"leadline.service", "leadline-backup.service", "leadline-backup.timer"}
	for _, u := range units {
		b, err := os.ReadFile(filepath.Join(root, "deploy", u))
		if err != nil {
			t.Fatal(err)
		}
		unit := strings.ReplaceAll(string(b), "/usr/local/bin/leadline", bin)
		if err := os.WriteFile(filepath.Join(dir, u), []byte(unit), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(analyze, "verify", "--man=no")
	for _, u := range units {
		cmd.Args = append(cmd.Args, filepath.Join(dir, u))
	}
	out, err := cmd.CombinedOutput()
	// verify also reports other units of this machine that the ones given pull in;
	// only lines about ours count.
	var ours []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		for _, u := range units {
			if strings.Contains(line, u) {
				ours = append(ours, line)
				break
			}
		}
	}
	if err != nil || len(ours) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, strings.Join(ours, "\n"))
	}
}

// TestSystemdUnitSandbox: the unit keeps the promises the README makes about it.
func TestSystemdUnitSandbox(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "deploy", "leadline.service"))
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			set[line] = true
		}
	}
	for _, want := range []string{
		"User=leadline", "EnvironmentFile=/etc/leadline/leadline.env", "Restart=on-failure",
		"AmbientCapabilities=CAP_NET_BIND_SERVICE", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
		"NoNewPrivileges=yes", "ProtectSystem=strict", "StateDirectory=leadline",
		"ReadWritePaths=/var/lib/leadline", "PrivateTmp=yes", "ProtectHome=yes",
	} {
		if !set[want] {
			t.Errorf("deploy/leadline.service lacks %s", want)
		}
	}
}
