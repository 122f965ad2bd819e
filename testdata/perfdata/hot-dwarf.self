# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 91  of event 'cpu-clock:u'
# Event count (approx.): 364000000
#
# Overhead  Shared Object  Symbol    
# ........  .............  ..........
#
    59.34%  hot            [.] leaf_a
    40.66%  hot            [.] leaf_b
#
#
