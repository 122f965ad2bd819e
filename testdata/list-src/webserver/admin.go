// admin.go line 1
// admin.go line 2
// admin.go line 3
// admin.go line 4
// admin.go line 5
// admin.go line 6
// admin.go line 7
// admin.go line 8
// admin.go line 9
func handleAdmin(w http.ResponseWriter, r *http.Request) {
// admin.go line 11
// admin.go line 12
// admin.go line 13
	gz := gzip.NewWriter(w)
// admin.go line 15
	gz.Write(page)
}
// admin.go line 18
