/**
 * bpf_trace_printk's formatting: the kernel's subset of printf (bpf_bprintf_prepare) — flags
 * `-+ 0#`, a width, length modifiers `h hh l ll z`, conversions `d i u x X c s p %`, `%px`
 * `%pK`, and at most three arguments. `%s` reads a NUL-terminated string from engine memory.
 * A malformed format yields an error code (-EINVAL) as in the kernel, not an exception.
 */

export interface PrintkResult {
  err: number;
  text: string;
}

const SPEC = /%([-+ 0#]*)(\d*)(hh|h|ll|l|z)?([diuxXcsp%])/y;
const MAX_STR = 512;

export function formatPrintk(
  fmt: string,
  args: bigint[],
  readString: (addr: bigint, max: number) => string | null,
): PrintkResult {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    SPEC.lastIndex = i;
    const m = SPEC.exec(fmt);
    if (!m) return { err: -22, text: '' };
    i = SPEC.lastIndex;
    const [, flags, width, len, conv] = m;
    if (conv === '%') {
      out += '%';
      continue;
    }
    if (argi >= 3 || argi >= args.length) return { err: -22, text: '' };
    const raw = BigInt.asUintN(64, args[argi++]);
    let s: string;
    const bits = len === 'll' || len === 'l' || len === 'z' ? 64 : len === 'h' ? 16 : len === 'hh' ? 8 : 32;
    switch (conv) {
      case 'd':
      case 'i':
        s = BigInt.asIntN(bits, raw).toString();
        break;
      case 'u':
        s = BigInt.asUintN(bits, raw).toString();
        break;
      case 'x':
      case 'X':
        s = BigInt.asUintN(bits, raw).toString(16);
        if (conv === 'X') s = s.toUpperCase();
        if (flags.includes('#') && raw !== 0n) s = `0x${s}`;
        break;
      case 'c':
        s = String.fromCharCode(Number(raw & 0xffn));
        break;
      case 's': {
        const str = readString(raw, MAX_STR);
        if (str === null) return { err: -22, text: '' };
        s = str;
        break;
      }
      default: {
        // %p, %px, %pK: the kernel hashes plain %p; the engine prints the address (no secrets here).
        if (fmt[i] === 'x' || fmt[i] === 'K') i++;
        s = `0x${raw.toString(16).padStart(16, '0')}`;
      }
    }
    const w = Number(width || 0);
    if (s.length < w) {
      if (flags.includes('-')) s = s.padEnd(w);
      else if (flags.includes('0') && conv !== 's' && conv !== 'c') {
        const neg = s.startsWith('-');
        s = (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(w - (neg ? 1 : 0), '0');
      } else s = s.padStart(w);
    }
    if (flags.includes('+') && (conv === 'd' || conv === 'i') && !s.trimStart().startsWith('-')) s = `+${s}`;
    out += s;
  }
  return { err: 0, text: out };
}
