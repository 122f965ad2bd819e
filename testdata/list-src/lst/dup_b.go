// dup_b.go line 1
// dup_b.go line 2
// dup_b.go line 3
// dup_b.go line 4
// dup_b.go line 5
// dup_b.go line 6
func dup() { // b
// dup_b.go line 8
	spin() // hot in b
}
// dup_b.go line 11
// dup_b.go line 12
// dup_b.go line 13
// dup_b.go line 14
// dup_b.go line 15
// dup_b.go line 16
