// orders.go line 1
// orders.go line 2
// orders.go line 3
// orders.go line 4
// orders.go line 5
// orders.go line 6
// orders.go line 7
// orders.go line 8
// orders.go line 9
// orders.go line 10
// orders.go line 11
// orders.go line 12
// orders.go line 13
// orders.go line 14
// orders.go line 15
// orders.go line 16
// orders.go line 17
// orders.go line 18
// orders.go line 19
// orders.go line 20
// orders.go line 21
// orders.go line 22
// orders.go line 23
// orders.go line 24
// orders.go line 25
// orders.go line 26
// orders.go line 27
// orders.go line 28
// orders.go line 29
// orders.go line 30
// orders.go line 31
// orders.go line 32
// orders.go line 33
// orders.go line 34
// orders.go line 35
// orders.go line 36
// orders.go line 37
// orders.go line 38
// orders.go line 39
func handleOrders(w http.ResponseWriter, r *http.Request) {
// orders.go line 41
// orders.go line 42
// orders.go line 43
	b, _ := json.Marshal(orders)
// orders.go line 45
	sum := checksum(b)
// orders.go line 47
	sha256(b)
// orders.go line 49
	syscall.Write(fd, b)
// orders.go line 51
	memmove(b, orders)
}
// orders.go line 54
// orders.go line 55
// orders.go line 56
// orders.go line 57
// orders.go line 58
// orders.go line 59
// orders.go line 60
