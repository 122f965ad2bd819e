// tree.go line 1
// tree.go line 2
// tree.go line 3
// tree.go line 4
// tree.go line 5
// tree.go line 6
// tree.go line 7
// tree.go line 8
// tree.go line 9
func walk(n *node) {
	if n == nil {
		return
	}
	walk(n.left)
	visit(n)
	walk(n.right)
}
// tree.go line 18
// tree.go line 19
// tree.go line 20
// tree.go line 21
// tree.go line 22
// tree.go line 23
// tree.go line 24
