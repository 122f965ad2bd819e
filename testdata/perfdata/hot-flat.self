# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 865  of event 'cpu-clock:u'
# Event count (approx.): 865865865
#
# Overhead  Shared Object         Symbol                     
# ........  ....................  ...........................
#
    59.54%  hot                   [.] leaf_a
    40.00%  hot                   [.] leaf_b
     0.12%  ld-linux-x86-64.so.2  [.] _dl_load_cache_lookup
     0.12%  ld-linux-x86-64.so.2  [.] _start
     0.12%  ld-linux-x86-64.so.2  [.] dl_main
     0.12%  libc.so.6             [.] __pthread_tunables_init
#
#
