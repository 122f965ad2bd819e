// utf8.go line 1
// utf8.go line 2
// Café, naïve, 日本語, ünïcödé
func utf8() string {
	s := "é"	// tab inside
	return s + "→ ok"
}
// utf8.go line 8
// utf8.go line 9
// utf8.go line 10
// utf8.go line 11
// utf8.go line 12
