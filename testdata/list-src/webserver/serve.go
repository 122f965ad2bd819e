// serve.go line 1
// serve.go line 2
// serve.go line 3
// serve.go line 4
// serve.go line 5
// serve.go line 6
// serve.go line 7
// serve.go line 8
// serve.go line 9
// serve.go line 10
// serve.go line 11
// serve.go line 12
// serve.go line 13
// serve.go line 14
// serve.go line 15
// serve.go line 16
// serve.go line 17
// serve.go line 18
// serve.go line 19
func serve(mux *http.ServeMux) {
	for {
// serve.go line 22
// serve.go line 23
// serve.go line 24
		dispatch("/users", handleUsers)
// serve.go line 26
		dispatch("/orders", handleOrders)
// serve.go line 28
		walk(root)
// serve.go line 30
		jit()
// serve.go line 32
		dispatch("/admin", handleAdmin)
	}
}
// serve.go line 36
// serve.go line 37
// serve.go line 38
// serve.go line 39
// serve.go line 40
