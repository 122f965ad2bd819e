// inl.go line 1
// inl.go line 2
func leaf() int {
// inl.go line 4
	return spin()
}
// inl.go line 7
// inl.go line 8
// inl.go line 9
func mid() int {
// inl.go line 11
	return leaf() // inlined
	return 2
}
// inl.go line 15
// inl.go line 16
// inl.go line 17
// inl.go line 18
// inl.go line 19
func top() {
// inl.go line 21
	mid() // inlined twice
// inl.go line 23
	spin()
	mid()
}
// inl.go line 27
// inl.go line 28
// inl.go line 29
// inl.go line 30
// inl.go line 31
// inl.go line 32
