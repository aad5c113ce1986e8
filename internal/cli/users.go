package cli

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/leadline/leadline/internal/config"
	"github.com/leadline/leadline/internal/password"
	"github.com/leadline/leadline/internal/store"
	"github.com/leadline/leadline/models"
	"golang.org/x/term"
)

const userUsage = `Usage:
  leadline user add --email E --name N [--admin] [--password-stdin]
  leadline user list
  leadline user passwd --email E [--password-stdin]
  leadline user deactivate --email E
`

// user runs the user subcommands against the configured database.
func user(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, userUsage)
		return errors.New("user: name a subcommand")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var f userFlags
	fs.StringVar(&f.email, "email", "", "the user's email address")
	fs.StringVar(&f.name, "name", "", "the user's name (add)")
	fs.BoolVar(&f.admin, "admin", false, "make the user an admin (add)")
	fs.BoolVar(&f.stdin, "password-stdin", false, "read the password from standard input instead of asking")
	load := config.Bind(fs, env.Getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := load()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, store.Options{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return err
	}
	defer st.Close()
	u := users{ctx: ctx, st: st, env: env, f: f}
	switch sub {
	case "add":
		return u.add()
	case "list":
		return u.list()
	case "passwd":
		return u.passwd()
	case "deactivate":
		return u.deactivate()
	}
	fmt.Fprint(env.Stderr, userUsage)
	return fmt.Errorf("user: unknown subcommand %q", sub)
}

// userFlags are the user commands' flags; each subcommand reads the ones it takes.
type userFlags struct {
	email, name  string
	admin, stdin bool
}

// users runs one user subcommand against an open store.
type users struct {
	ctx context.Context
	st  *store.Store
	env Env
	f   userFlags
}

// hash hashes a password at the command's bcrypt cost (lower in tests).
func (u users) hash(pass string) (string, error) {
	h, err := password.New(cmp.Or(u.env.BcryptCost, password.DefaultCost))
	if err != nil {
		return "", err
	}
	return h.Hash(pass)
}

func (u users) add() error {
	role := models.RoleStaff
	if u.f.admin {
		role = models.RoleAdmin
	}
	pass, err := readPassword(u.env, u.f.stdin, true)
	if err != nil {
		return err
	}
	nu := models.NewUser{Email: u.f.email, Name: u.f.name, Role: role, Password: pass}
	nu.Normalize()
	if err := nu.Validate(); err != nil {
		return oneLine(err)
	}
	hash, err := u.hash(nu.Password)
	if err != nil {
		return err
	}
	added := &models.User{Email: nu.Email, Name: nu.Name, Role: nu.Role, Active: true, PasswordHash: hash}
	if err := u.st.CreateUser(u.ctx, added); err != nil {
		return oneLine(err)
	}
	fmt.Fprintf(u.env.Stdout, "added %s <%s> as %s\n", added.Name, added.Email, added.Role)
	return nil
}

func (u users) list() error {
	all, err := u.st.Users(u.ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(u.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tEMAIL\tNAME\tROLE\tACTIVE\tLAST SIGN-IN")
	for _, x := range all {
		last := "never"
		if x.LastLoginAt != nil {
			last = x.LastLoginAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%v\t%s\n", x.ID, x.Email, x.Name, x.Role, x.Active, last)
	}
	return w.Flush()
}

func (u users) passwd() error {
	target, err := u.st.UserByEmail(u.ctx, u.f.email)
	if err != nil {
		return noSuchUser(u.f.email, err)
	}
	pass, err := readPassword(u.env, u.f.stdin, true)
	if err != nil {
		return err
	}
	if msg := models.CheckPassword(pass); msg != "" {
		return errors.New("password: " + msg)
	}
	hash, err := u.hash(pass)
	if err != nil {
		return err
	}
	if _, err := u.st.SetPassword(u.ctx, target.ID, hash); err != nil {
		return err
	}
	fmt.Fprintf(u.env.Stdout, "password of %s changed; their sessions have ended\n", target.Email)
	return nil
}

func (u users) deactivate() error {
	target, err := u.st.UserByEmail(u.ctx, u.f.email)
	if err != nil {
		return noSuchUser(u.f.email, err)
	}
	if _, err := u.st.SetActive(u.ctx, target.ID, false); err != nil {
		return err
	}
	fmt.Fprintf(u.env.Stdout, "deactivated %s; their sessions have ended\n", target.Email)
	return nil
}

func noSuchUser(email string, err error) error {
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("no user with email %q", email)
	}
	return err
}

// oneLine turns a validation error into a line naming each bad field.
func oneLine(err error) error {
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		parts := make([]string, 0, len(ve.Order))
		for _, f := range ve.Order {
			parts = append(parts, "--"+f+": "+ve.Fields[f])
		}
		return errors.New(strings.Join(parts, "; "))
	}
	return err
}

// readPassword reads a password from standard input (one line) or asks for it twice on
// the terminal without echo.
func readPassword(env Env, fromStdin, confirm bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", errors.New("no terminal to ask for the password on; use --password-stdin")
	}
	fmt.Fprint(env.Stderr, "Password: ")
	p1, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(env.Stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if confirm {
		fmt.Fprint(env.Stderr, "Password again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords do not match")
		}
	}
	return string(p1), nil
}
