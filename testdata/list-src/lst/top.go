func top() {
	hot()
}
// top.go line 4
// top.go line 5
// top.go line 6
// top.go line 7
// top.go line 8
// top.go line 9
