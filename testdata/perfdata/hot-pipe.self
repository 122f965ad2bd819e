# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 936  of event 'cpu-clock:u'
# Event count (approx.): 936936936
#
# Overhead  Shared Object         Symbol               
# ........  ....................  .....................
#
    58.76%  hot                   [.] leaf_a
    40.92%  hot                   [.] leaf_b
     0.11%  ld-linux-x86-64.so.2  [.] _start
     0.11%  libc.so.6             [.] __libc_early_init
     0.11%  libc.so.6             [.] sysmalloc
#
#
