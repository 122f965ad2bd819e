// crlf.go line 1
func crlf() {
// crlf.go line 3
	hot() // CRLF line
}
// crlf.go line 6
// crlf.go line 7
// last line, CR and no LF