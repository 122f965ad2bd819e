package lst
func zero() {
	hot()
}
// zero.go line 5
// zero.go line 6
// zero.go line 7
// zero.go line 8
// zero.go line 9
// zero.go line 10
// zero.go line 11
// zero.go line 12
// zero.go line 13
// zero.go line 14
