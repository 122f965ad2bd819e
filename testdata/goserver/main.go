// goserver: a Go service with net/http/pprof on loopback, for cpv's
// fetch tests (tests/fetch.sh runs it when Go is installed).
//
//	go run main.go PORTFILE [SECONDS]
//
// It listens on 127.0.0.1 on a port the system picks, writes the port to
// PORTFILE, and exits by itself after SECONDS (default 120).  It keeps one
// goroutine busy (something for the CPU profile) and leaks a goroutine
// blocked in main.leak for every request to /leak (something for a
// goroutine profile to grow by).
package main

import (
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"strconv"
	"time"
)

var sink uint64

//go:noinline
func spin() {
	for i := 0; i < 1000000; i++ {
		sink += uint64(i) * 2654435761
	}
}

func busy() {
	for {
		spin()
		time.Sleep(time.Millisecond)
	}
}

var never = make(chan struct{})

//go:noinline
func leak() {
	<-never
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: goserver PORTFILE [SECONDS]")
		os.Exit(2)
	}
	life := 120
	if len(os.Args) > 2 {
		if n, err := strconv.Atoi(os.Args[2]); err == nil && n > 0 {
			life = n
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	tmp := os.Args[1] + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(port)+"\n"), 0644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.Rename(tmp, os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	http.HandleFunc("/leak", func(w http.ResponseWriter, r *http.Request) {
		go leak()
		fmt.Fprintln(w, "leaked one")
	})
	go busy()
	time.AfterFunc(time.Duration(life)*time.Second, func() { os.Exit(0) })
	http.Serve(ln, nil)
}
