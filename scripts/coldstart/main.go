// Command coldstart measures how long a Leadline binary takes from exec to its first
// 200 on GET /: it starts the binary, asks for / every millisecond until one answers
// 200, stops it, and does that -n times. It prints each start's time, sorted, and the
// median. The database must already be migrated (start the binary once before), or the
// migrations are what is measured. scripts/load.sh runs it; the environment (database,
// data directory) is passed on to the binary.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "bin/leadline", "the binary to start")
	addr := flag.String("addr", "127.0.0.1:3929", "loopback address it listens on (LEADLINE_ADDR)")
	n := flag.Int("n", 5, "starts")
	flag.Parse()

	var took []time.Duration
	for range *n {
		d, err := start(*bin, *addr)
		if err != nil {
			log.Fatalf("coldstart: %v", err)
		}
		took = append(took, d)
	}
	slices.Sort(took)
	ms := make([]string, len(took))
	for i, d := range took {
		ms[i] = fmt.Sprintf("%.0f", d.Seconds()*1000)
	}
	fmt.Printf("coldstart: %s ms (median %.0f ms)\n", strings.Join(ms, ", "), took[len(took)/2].Seconds()*1000)
}

// start runs the binary until it answers GET / with 200 and returns how long that took.
func start(bin, addr string) (time.Duration, error) {
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "LEADLINE_ADDR="+addr)
	cmd.Stdout, cmd.Stderr = nil, nil // the log is not what is measured
	// Keep-alives off: each poll is a fresh connection, as a supervisor's probe is.
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	url := "http://" + addr + "/"
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			<-exited
		}
	}()
	for time.Since(begin) < 30*time.Second {
		select {
		case err := <-exited:
			stopped = true
			return 0, fmt.Errorf("%s exited before it answered (%v); run it by hand to see why", bin, err)
		default:
		}
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(begin), nil
			}
		}
		time.Sleep(time.Millisecond)
	}
	return 0, errors.New(bin + " did not answer 200 on / within 30 s")
}
