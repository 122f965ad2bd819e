// rel.go line 1
func rel() {
	hot() // found through ..
}
// rel.go line 5
// rel.go line 6
// rel.go line 7
// rel.go line 8
