package main
// main.go line 2
// main.go line 3
// main.go line 4
// main.go line 5
// main.go line 6
// main.go line 7
// main.go line 8
// main.go line 9
// main.go line 10
// main.go line 11
func main() {
// main.go line 13
// main.go line 14
	serve(http.DefaultServeMux)
}
// main.go line 17
// main.go line 18
// main.go line 19
// main.go line 20
