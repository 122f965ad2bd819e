package main
// util.go line 2
// util.go line 3
// util.go line 4
func checksum(b []byte) uint32 {
	var s uint32
	for _, c := range b { s = s*31 + uint32(c) }
	return s
}
// util.go line 10
// util.go line 11
// util.go line 12
