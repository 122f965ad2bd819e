# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 59  of event 'cpu-clock:u'
# Event count (approx.): 236000000
#
# Overhead  Shared Object  Symbol    
# ........  .............  ..........
#
    64.41%  hot-nofp       [.] leaf_a
    33.90%  hot-nofp       [.] leaf_b
     1.69%  hot-nofp       [.] mid
#
#
