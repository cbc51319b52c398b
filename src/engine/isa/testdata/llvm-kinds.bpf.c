/* Many instruction kinds for the llvm-objdump differential test (isa/llvm-disasm.test.ts):
 * every atomic in both widths, branches of each kind, loads and stores of each size, lddw,
 * byte swaps, shifts, BPF-to-BPF calls, helper calls. Self-contained: no system headers. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
#define SEC(n) __attribute__((section(n), used))

static u32 (*get_prandom_u32)(void) = (void *)7;
static u64 (*ktime_get_ns)(void) = (void *)5;

u64 g64;
u32 g32;
s8 s8v;
s16 s16v;
s32 s32v;
u8 u8v;
u16 u16v;
u64 arr[8];

struct pkt {
  u32 data;
  u32 data_end;
};

static __attribute__((noinline)) u32 sub(u32 a, u32 b) { return a * b + a / (b | 1) - a % 7; }

static __attribute__((noinline)) s64 ssub(s64 a, s64 b) { return (a >> 3) - (b << 2) + (a < b ? 1 : -1); }

SEC("xdp") int prog(struct pkt *ctx) {
  u64 *v = &arr[get_prandom_u32() & 7];
  __sync_fetch_and_add(v, 1);
  __sync_fetch_and_add(&g32, 2);
  u64 o = __sync_fetch_and_add(v, 3);
  u32 o32 = __sync_fetch_and_add(&g32, 4);
  o += __sync_fetch_and_or(v, 5) + __sync_fetch_and_and(v, 6) + __sync_fetch_and_xor(v, 7);
  o32 += __sync_fetch_and_or(&g32, 5) + __sync_fetch_and_and(&g32, 6) + __sync_fetch_and_xor(&g32, 7);
  __sync_fetch_and_or(v, 8);
  __sync_fetch_and_and(v, 9);
  __sync_fetch_and_xor(v, 10);
  __sync_fetch_and_or(&g32, 8);
  __sync_fetch_and_and(&g32, 9);
  __sync_fetch_and_xor(&g32, 10);
  o += __sync_val_compare_and_swap(v, o, 11);
  o32 += __sync_val_compare_and_swap(&g32, o32, 12);
  o += __sync_lock_test_and_set(v, 13);
  o32 += __sync_lock_test_and_set(&g32, 14);
  o -= __sync_fetch_and_sub(v, o32);
  o32 -= __sync_fetch_and_sub(&g32, 3);
  g64 = 0x123456789abcdefULL + o;
  s8v = (s8)o;
  s16v = (s16)o32;
  s32v = (s32)o;
  u8 *d = (u8 *)(long)ctx->data, *e = (u8 *)(long)ctx->data_end;
  if (d + 14 > e) return 2;
  u16 p = __builtin_bswap16(*(u16 *)(d + 12));
  u32 q = __builtin_bswap32(*(u32 *)(d + 8));
  u64 r = __builtin_bswap64(*(u64 *)d);
  if ((s64)o < -5) o >>= 3;
  if ((s32)o32 > 9) o32 = (s32)o32 >> 2;
  if (o32 & 4) o <<= 5;
  if (o == 0xffffffff00000000ULL) o = ktime_get_ns();
  u8v = p;
  u16v = q;
  g32 = sub(o32, p) + s8v + s16v + s32v + u8v + u16v;
  if (r != o && o32 <= p) g64 = r ^ o;
  if ((s32)o32 >= -100 && (s64)r <= 77 && o >= 1000) g64 = ssub(o, r);
  for (int k = 0; k < 4; k++) arr[k] += k * o;
  return get_prandom_u32() > 100 ? 2 : 1;
}

char LICENSE[] SEC("license") = "GPL";
