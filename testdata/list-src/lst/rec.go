// rec.go line 1
// rec.go line 2
// rec.go line 3
// rec.go line 4
// rec.go line 5
// rec.go line 6
// rec.go line 7
func rec(n int) int {
	if n == 0 {
		return rec(n - 1)
	}
	return rec(n - 2) + hot()
}
// rec.go line 14
// rec.go line 15
// rec.go line 16
// rec.go line 17
// rec.go line 18
// rec.go line 19
// rec.go line 20
