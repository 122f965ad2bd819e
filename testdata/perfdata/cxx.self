# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 559  of event 'cpu-clock:u'
# Event count (approx.): 1120240472
#
# Overhead  Shared Object         Symbol                        
# ........  ....................  ..............................
#
    39.00%  cxx                   [.] store::Cache<long>::lookup
    38.10%  cxx                   [.] store::mix
    22.72%  cxx                   [.] store::Cache<int>::lookup
     0.18%  ld-linux-x86-64.so.2  [.] dl_main
#
#
