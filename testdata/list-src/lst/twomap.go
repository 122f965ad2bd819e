// twomap.go line 1
// twomap.go line 2
func twomap() {
// twomap.go line 4
	callBoth() // two mappings
}
// twomap.go line 7
// twomap.go line 8
// twomap.go line 9
// twomap.go line 10
// twomap.go line 11
// twomap.go line 12
