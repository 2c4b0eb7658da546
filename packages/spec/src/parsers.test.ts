import { describe, expect, it } from 'vitest';
import {
  parseLocalIps,
  parseMacAddresses,
  parseScreens,
  parseVendorForwarded,
  parseWindowSize,
} from './index.js';

function codes(result: { ok: boolean; problems?: { code: string }[] }): string[] {
  return result.ok ? [] : (result.problems ?? []).map((p) => p.code);
}

describe('typed parsers name encoded separators where a value can never hold one', () => {
  it('in a list of addresses', () => {
    expect(codes(parseLocalIps('10.1.2.3%2C10.3.4.2'))).toEqual(['ENCODED_SEPARATOR']);
    expect(
      codes(parseMacAddresses('ea%3A43%3A1a%3A5d%3A21%3A45%2C10%3A12%3Acc%3Afa%3Aaa%3A32')),
    ).toEqual(['ENCODED_SEPARATOR']);
  });

  it('in numbers of key-value structures', () => {
    expect(codes(parseWindowSize('width=1920%26height%3D1080'))).toEqual([
      'ENCODED_SEPARATOR',
      'MISSING_KEY',
    ]);
    expect(
      codes(parseScreens('width=1&height=2&scaling-factor=1&colour-depth=24%2Cwidth%3D3')),
    ).toEqual(['ENCODED_SEPARATOR']);
  });

  it('in forwarded addresses', () => {
    expect(codes(parseVendorForwarded('by=203.0.113.6%26for%3D198.51.100.0'))).toEqual([
      'ENCODED_SEPARATOR',
      'MISSING_KEY',
    ]);
  });

  it('but not in a value that is simply wrong', () => {
    expect(codes(parseLocalIps('10.1.2.300'))).toEqual(['INVALID_IP']);
    expect(codes(parseWindowSize('width=wide&height=1'))).toEqual(['INVALID_NUMBER']);
  });
});
