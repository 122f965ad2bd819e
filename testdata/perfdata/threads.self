# To display the perf.data header info, please use --header/--header-only options.
#
#
# Total Lost Samples: 0
#
# Samples: 504  of event 'cpu-clock:u'
# Event count (approx.): 504504504
#
# Overhead  Shared Object         Symbol                        
# ........  ....................  ..............................
#
    99.01%  threads               [.] spin
     0.40%  libc.so.6             [.] __x86_cacheinfo_ifunc
     0.20%  ld-linux-x86-64.so.2  [.] _dl_start
     0.20%  libc.so.6             [.] __fstat64
     0.20%  libc.so.6             [.] pthread_create@GLIBC_2.2.5
#
#
