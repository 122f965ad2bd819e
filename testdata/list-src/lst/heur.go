// heur.go line 1
func heur() {
// heur.go line 3
	hot() // found by the guess
}
// heur.go line 6
// heur.go line 7
// heur.go line 8
// heur.go line 9
// heur.go line 10
// heur.go line 11
