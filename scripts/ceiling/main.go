// Command ceiling is the load test's reference: a bare Fiber handler that answers GET /
// with the landing page's bytes from memory. It fetches those bytes once from a running
// Leadline, so the comparison is over the same payload, then serves them with no
// middleware, no templating and no database. scripts/load.sh runs it.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/gofiber/fiber/v2"
)

func main() {
	from := flag.String("from", "http://127.0.0.1:3000/", "URL of the running Leadline landing page to copy")
	addr := flag.String("addr", "127.0.0.1:3001", "loopback address to serve on")
	flag.Parse()

	body, err := fetch(*from)
	if err != nil {
		log.Fatalf("ceiling: %v", err)
	}
	fmt.Fprintf(os.Stderr, "ceiling: serving %d bytes from %s on %s\n", len(body), *from, *addr)

	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(body)
	})
	if err := app.Listen(*addr); err != nil {
		log.Fatalf("ceiling: %v", err)
	}
}

func fetch(url string) ([]byte, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	// The same (identity) encoding wrk asks for, so the bytes match what is measured.
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: status %d", url, resp.StatusCode)
	}
	return io.ReadAll(resp.Body)
}
