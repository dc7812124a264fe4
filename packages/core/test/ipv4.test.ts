import { Ipv4Cidr } from '../src';

describe('Ipv4Cidr', () => {
  test('parses and prints a block', () => {
    const c = Ipv4Cidr.parse('10.16.0.0/17');
    expect(c.toString()).toBe('10.16.0.0/17');
    expect(c.size).toBe(32768);
    expect(c.isPrivate).toBe(true);
  });

  test.each([
    ['10.0.0.0', 'not in the form a.b.c.d/n'],
    ['10.0.0.256/24', 'an octet is greater than 255'],
    ['10.0.0.0/33', 'prefix length /33 is greater than 32'],
    ['10.0.0.1/24', 'host bits are set (the network address for /24 is 10.0.0.0/24)'],
  ])('rejects %p: %s', (text, why) => {
    expect(Ipv4Cidr.tryParse(text)).toBe(why);
    expect(() => Ipv4Cidr.parse(text)).toThrow(why);
  });

  test('overlap and containment', () => {
    const a = Ipv4Cidr.parse('10.0.0.0/16');
    expect(a.overlaps(Ipv4Cidr.parse('10.0.255.0/24'))).toBe(true);
    expect(a.overlaps(Ipv4Cidr.parse('10.1.0.0/24'))).toBe(false);
    expect(a.contains(Ipv4Cidr.parse('10.0.4.0/22'))).toBe(true);
    expect(Ipv4Cidr.parse('10.0.4.0/22').contains(a)).toBe(false);
  });

  test('splits into subnets in order', () => {
    expect(Ipv4Cidr.parse('10.0.0.0/22').subnets(24).map(String)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    expect(() => Ipv4Cidr.parse('10.0.0.0/24').subnets(22)).toThrow('cannot split 10.0.0.0/24 into /22 blocks');
  });

  test('knows public from private ranges', () => {
    expect(Ipv4Cidr.parse('8.8.8.0/24').isPrivate).toBe(false);
    expect(Ipv4Cidr.parse('172.31.0.0/16').isPrivate).toBe(true);
    expect(Ipv4Cidr.parse('172.32.0.0/16').isPrivate).toBe(false);
  });
});
