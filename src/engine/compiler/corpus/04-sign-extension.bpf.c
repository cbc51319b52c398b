// char/short sign and zero extension
// expect: i = -1
// expect: u = 4294967295
// expect: w = 18446744073709551615
// expect: j = 255
// expect: v16 = -2
// expect: us16 = 65534
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

signed char sc = -1;
unsigned char uc = 255;
short sh = -2;
int i, j;
__u32 u;
__u64 w;
int v16;
__u32 us16;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	i = sc;
	u = sc;
	w = sc;
	j = uc;
	v16 = sh;
	us16 = (unsigned short)sh;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
