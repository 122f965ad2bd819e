package main
// users.go line 2
import (
	"encoding/json"
	"net/http"
)
// users.go line 7
// users.go line 8
// users.go line 9
// users.go line 10
// users.go line 11
// users.go line 12
// users.go line 13
// users.go line 14
// users.go line 15
// users.go line 16
// users.go line 17
// users.go line 18
// users.go line 19
// users.go line 20
// users.go line 21
// users.go line 22
// users.go line 23
// users.go line 24
// users.go line 25
// users.go line 26
// users.go line 27
// users.go line 28
// users.go line 29
func handleUsers(w http.ResponseWriter, r *http.Request) {
	var req UserRequest
	body := readBody(r)
	if err := json.Unmarshal(body, &req); err != nil {
		parseHeader(r)
	}
	if !validate(&req) {
		return
	}
	w.Write(body)
}
// users.go line 41
// users.go line 42
// users.go line 43
// users.go line 44
// users.go line 45
// users.go line 46
// users.go line 47
// users.go line 48
// users.go line 49
// users.go line 50
// users.go line 51
// users.go line 52
// users.go line 53
// users.go line 54
// users.go line 55
// users.go line 56
// users.go line 57
// users.go line 58
// users.go line 59
func validate(req *UserRequest) bool {
	ok := true
	for _, c := range req.Name { ok = ok && c != 0 }
	return ok &&
		checksum(req.Data) == req.Sum
}
// users.go line 66
// users.go line 67
// users.go line 68
// users.go line 69
// users.go line 70
// users.go line 71
// users.go line 72
// users.go line 73
// users.go line 74
// users.go line 75
// users.go line 76
// users.go line 77
// users.go line 78
// users.go line 79
func parseHeader(r *http.Request) string {
	h := r.Header.Get("X-Req")
	if h == "" {
		return ""
	}
	i := strings.Index(h, ";")
	return h[:i]
}
// users.go line 88
