// debug.go line 1
// debug.go line 2
// debug.go line 3
// debug.go line 4
func debugHook() {
// debug.go line 6
	log()
}
// debug.go line 9
// debug.go line 10
// debug.go line 11
// debug.go line 12
// debug.go line 13
// debug.go line 14
func debugKeep() {
// debug.go line 16
	log()
}
// debug.go line 19
// debug.go line 20
