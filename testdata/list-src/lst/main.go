package main
// main.go line 2
func main() {
	// everything below is called from here
	run()
}
// main.go line 7
// main.go line 8
// main.go line 9
// main.go line 10
// main.go line 11
// main.go line 12
