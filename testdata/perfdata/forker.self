# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 727  of event 'cpu-clock:u'
# Event count (approx.): 727727727
#
# Overhead  Shared Object         Symbol                 
# ........  ....................  .......................
#
    99.31%  forker                [.] burn
     0.14%  forker                [.] parent_work
     0.14%  ld-linux-x86-64.so.2  [.] _dl_relocate_object
     0.14%  ld-linux-x86-64.so.2  [.] check_match
     0.14%  ld-linux-x86-64.so.2  [.] dl_main
     0.14%  libc.so.6             [.] __strchrnul_evex
#
#
