# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 818  of event 'cpu-clock:u'
# Event count (approx.): 818818818
#
# Overhead  Shared Object         Symbol                 
# ........  ....................  .......................
#
    59.90%  libsq.so              [.] sq_inner
    39.73%  usesq                 [.] own_work
     0.12%  ld-linux-x86-64.so.2  [.] _dl_relocate_object
     0.12%  libc.so.6             [.] @plt
     0.12%  libsq.so              [.] sq_work
#
#
