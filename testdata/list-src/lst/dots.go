package lst
// dots.go line 2
// dots.go line 3
// dots.go line 4
func dots() {
	_ = 1
	_ = 2 // hot
}
// dots.go line 9
// dots.go line 10
// dots.go line 11
// dots.go line 12
// dots.go line 13
// dots.go line 14
// dots.go line 15
