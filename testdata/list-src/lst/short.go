package lst
// short.go line 2
// short.go line 3
// short.go line 4
// short.go line 5
func short() {
// short.go line 7
	hot()
}
// short.go line 10
