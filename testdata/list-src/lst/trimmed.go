// trimmed.go line 1
// trimmed.go line 2
// trimmed.go line 3
// trimmed.go line 4
// trimmed.go line 5
func trimmed() {
// trimmed.go line 7
	hot() // found after -trim_path
}
// trimmed.go line 10
// trimmed.go line 11
// trimmed.go line 12
// trimmed.go line 13
// trimmed.go line 14
