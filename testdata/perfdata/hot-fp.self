# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 740  of event 'cpu-clock:u'
# Event count (approx.): 740740740
#
# Overhead  Shared Object  Symbol    
# ........  .............  ..........
#
    61.89%  hot            [.] leaf_a
    38.11%  hot            [.] leaf_b
#
#
