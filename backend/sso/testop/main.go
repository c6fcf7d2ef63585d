// Command testop runs a local OpenID Connect provider (github.com/oauth2-proxy/mockoidc) for the
// browser journey of single sign-on: it prints one JSON line with the issuer, client id and secret
// to configure Tianbao with, then serves until it is stopped. Every authorization signs in its
// default user (subject 1234567890) at once, without a login page. Never for production.
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/oauth2-proxy/mockoidc"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "testop:", err)
		os.Exit(1)
	}
}

func run() error {
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if err := m.Start(ln, nil); err != nil {
		return err
	}
	defer func() { _ = m.Shutdown() }()
	line, err := json.Marshal(map[string]string{"issuer": m.Issuer(), "client_id": m.ClientID, "client_secret": m.ClientSecret,
		"subject": mockoidc.DefaultUser().Subject})
	if err != nil {
		return err
	}
	fmt.Println(string(line))
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}
