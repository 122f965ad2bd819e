/*
 * both.h: two jobs at once.
 *
 * The engine shares its largest steps (a -peek=.'s walks, the sorting of
 * its edges, its table) between two threads, always through run_both().
 */
#ifndef CPV_BOTH_H
#define CPV_BOTH_H

/*
 * Run fn(a) in this thread and fn(b) in a second, at once, and return
 * when both are done; b NULL runs only fn(a), and if no thread can be
 * made they run one after the other.  The jobs must not touch the same
 * memory unless they take turns (a lock), and the second must not call
 * the cancel hook (cancel_requested() is safe, cancel_now() is not).
 * The second thread takes no signals: they stay with this one.
 */
void	run_both(void (*fn)(void *), void *a, void *b);

#endif
