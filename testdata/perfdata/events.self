# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 776  of event 'task-clock:u'
# Event count (approx.): 776776776
#
# Overhead  Shared Object         Symbol        
# ........  ....................  ..............
#
    60.95%  hot                   [.] leaf_a
    38.79%  hot                   [.] leaf_b
     0.13%  ld-linux-x86-64.so.2  [.] handle_amd
     0.13%  libc.so.6             [.] sysmalloc
# Samples: 779  of event 'cpu-clock:u'
# Event count (approx.): 779779779
#
# Overhead  Shared Object         Symbol        
# ........  ....................  ..............
#
    60.98%  hot                   [.] leaf_a
    38.77%  hot                   [.] leaf_b
     0.13%  ld-linux-x86-64.so.2  [.] handle_amd
     0.13%  libc.so.6             [.] sysmalloc
#
#
