// dup_a.go line 1
// dup_a.go line 2
func dup() { // a
	spin() // hot in a
}
// dup_a.go line 6
// dup_a.go line 7
// dup_a.go line 8
// dup_a.go line 9
// dup_a.go line 10
// dup_a.go line 11
// dup_a.go line 12
