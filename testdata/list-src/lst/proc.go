package lst
// proc.go line 2
func cwdDot() {
	x := 0
	for i := 0; i < 10; i++ {
		x += i
	}
}
// proc.go line 9
// proc.go line 10
// proc.go line 11
func cwd() int {
	y := 1
	return y * 2
}
// proc.go line 16
// proc.go line 17
// proc.go line 18
// proc.go line 19
// proc.go line 20
// proc.go line 21
// proc.go line 22
