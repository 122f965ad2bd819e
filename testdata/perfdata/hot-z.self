# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 512  of event 'cpu-clock:u'
# Event count (approx.): 512512512
#
# Overhead  Shared Object         Symbol                       
# ........  ....................  .............................
#
    68.16%  hot                   [.] leaf_a
    31.25%  hot                   [.] leaf_b
     0.20%  ld-linux-x86-64.so.2  [.] _dl_map_object_from_fd
     0.20%  ld-linux-x86-64.so.2  [.] update_active.constprop.0
     0.20%  libc.so.6             [.] sysmalloc
#
#
