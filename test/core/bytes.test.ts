import { describe, expect, it } from 'vitest';
import { aint, abytes, hexToBytesStrict, wipe } from '../../main/core/bytes.js';

describe('argument checks', () => {
  it('names the argument and the kind of error', () => {
    expect(() => abytes('x', 'secret')).toThrow(TypeError);
    expect(() => abytes(new Uint8Array(3), 'secret', 4)).toThrow(/secret must be 4 bytes/);
    expect(() => aint(Number.NaN, 'parties', 2, 255)).toThrow(RangeError);
    expect(() => aint(1.5, 'parties', 2, 255)).toThrow(/parties/);
    expect(() => hexToBytesStrict('abc', 'hex')).toThrow(RangeError);
    expect(hexToBytesStrict('0aFF', 'hex')).toEqual(Uint8Array.of(10, 255));
  });
  it('wipes buffers', () => {
    const b = Uint8Array.of(1, 2, 3);
    wipe(b, undefined);
    expect([...b]).toEqual([0, 0, 0]);
  });
});
