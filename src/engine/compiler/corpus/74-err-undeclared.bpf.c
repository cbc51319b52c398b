// using an undeclared variable
// expect-error: use of undeclared identifier 'missing_variable'
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return missing_variable;
}

char LICENSE[] SEC("license") = "GPL";
