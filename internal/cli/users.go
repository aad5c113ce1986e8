package cli

import (
	"bufio"
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
	email := fs.String("email", "", "the user's email address")
	name := fs.String("name", "", "the user's name (add)")
	admin := fs.Bool("admin", false, "make the user an admin (add)")
	stdin := fs.Bool("password-stdin", false, "read the password from standard input instead of asking")
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
	hasher := func() (*password.Hasher, error) {
		if env.BcryptCost > 0 {
			return password.New(env.BcryptCost)
		}
		return password.New(password.DefaultCost)
	}

	switch sub {
	case "add":
		role := models.RoleStaff
		if *admin {
			role = models.RoleAdmin
		}
		pass, err := readPassword(env, *stdin, true)
		if err != nil {
			return err
		}
		nu := models.NewUser{Email: *email, Name: *name, Role: role, Password: pass}
		nu.Normalize()
		if err := nu.Validate(); err != nil {
			return oneLine(err)
		}
		h, err := hasher()
		if err != nil {
			return err
		}
		hash, err := h.Hash(nu.Password)
		if err != nil {
			return err
		}
		u := &models.User{Email: nu.Email, Name: nu.Name, Role: nu.Role, Active: true, PasswordHash: hash}
		if err := st.CreateUser(ctx, u); err != nil {
			return oneLine(err)
		}
		fmt.Fprintf(env.Stdout, "added %s <%s> as %s\n", u.Name, u.Email, u.Role)
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tEMAIL\tNAME\tROLE\tACTIVE\tLAST SIGN-IN")
		for _, u := range users {
			last := "never"
			if u.LastLoginAt != nil {
				last = u.LastLoginAt.UTC().Format("2006-01-02 15:04 UTC")
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%v\t%s\n", u.ID, u.Email, u.Name, u.Role, u.Active, last)
		}
		return w.Flush()
	case "passwd":
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return noSuchUser(*email, err)
		}
		pass, err := readPassword(env, *stdin, true)
		if err != nil {
			return err
		}
		if msg := models.CheckPassword(pass); msg != "" {
			return errors.New("password: " + msg)
		}
		h, err := hasher()
		if err != nil {
			return err
		}
		hash, err := h.Hash(pass)
		if err != nil {
			return err
		}
		if _, err := st.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "password of %s changed; their sessions have ended\n", u.Email)
	case "deactivate":
		u, err := st.UserByEmail(ctx, *email)
		if err != nil {
			return noSuchUser(*email, err)
		}
		if _, err := st.SetActive(ctx, u.ID, false); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "deactivated %s; their sessions have ended\n", u.Email)
	default:
		fmt.Fprint(env.Stderr, userUsage)
		return fmt.Errorf("user: unknown subcommand %q", sub)
	}
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
