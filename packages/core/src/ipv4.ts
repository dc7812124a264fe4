/**
 * IPv4 CIDR blocks, for the estate's address plan and for carving subnets.
 * Pure arithmetic on 32-bit numbers; no dependency.
 */
export class Ipv4Cidr {
  /** Parse `a.b.c.d/n`. Returns an error string instead of throwing, for validators. */
  public static tryParse(text: string): Ipv4Cidr | string {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (!m) return 'not in the form a.b.c.d/n';
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return 'an octet is greater than 255';
    const prefix = Number(m[5]);
    if (prefix > 32) return `prefix length /${prefix} is greater than 32`;
    const addr = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    if (addr % size !== 0) {
      const base = new Ipv4Cidr(addr - (addr % size), prefix);
      return `host bits are set (the network address for /${prefix} is ${base.toString()})`;
    }
    return new Ipv4Cidr(addr, prefix);
  }

  /** Parse `a.b.c.d/n` or throw a plain Error (for code that holds validated input). */
  public static parse(text: string): Ipv4Cidr {
    const r = Ipv4Cidr.tryParse(text);
    if (typeof r === 'string') throw new Error(`invalid IPv4 CIDR "${text}": ${r}`);
    return r;
  }

  private constructor(
    /** First address as an unsigned 32-bit number. */
    public readonly network: number,
    public readonly prefix: number,
  ) {}

  /** Number of addresses in the block. */
  public get size(): number {
    return 2 ** (32 - this.prefix);
  }

  /** Last address as an unsigned 32-bit number. */
  public get last(): number {
    return this.network + this.size - 1;
  }

  public overlaps(other: Ipv4Cidr): boolean {
    return this.network <= other.last && other.network <= this.last;
  }

  public contains(other: Ipv4Cidr): boolean {
    return this.network <= other.network && other.last <= this.last;
  }

  /** True for 10/8, 172.16/12 and 192.168/16. */
  public get isPrivate(): boolean {
    return PRIVATE_RANGES.some((r) => r.contains(this));
  }

  /**
   * Split into blocks of `newPrefix`, in address order.
   * @throws Error when `newPrefix` is shorter than this block's prefix or longer than 32.
   */
  public subnets(newPrefix: number): Ipv4Cidr[] {
    if (newPrefix < this.prefix || newPrefix > 32) {
      throw new Error(`cannot split ${this.toString()} into /${newPrefix} blocks`);
    }
    const step = 2 ** (32 - newPrefix);
    const out: Ipv4Cidr[] = [];
    for (let a = this.network; a <= this.last; a += step) out.push(new Ipv4Cidr(a, newPrefix));
    return out;
  }

  /** The address at `offset` from the start of the block, as dotted text. */
  public address(offset = 0): string {
    const n = this.network + offset;
    return [24, 16, 8, 0].map((sh) => Math.floor(n / 2 ** sh) % 256).join('.');
  }

  public toString(): string {
    return `${this.address(0)}/${this.prefix}`;
  }
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => Ipv4Cidr.parse(c));
