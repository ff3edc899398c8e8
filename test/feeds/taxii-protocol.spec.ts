import { describe, expect, it } from '@jest/globals';
import { acceptsTaxii } from '../../libs/feeds/src/taxii/taxii-media-types';
import { decodeNextToken, encodeNextToken } from '../../libs/feeds/src/taxii/taxii-next-token';
import { MAX_PAGE_SIZE, parseTaxiiObjectQuery } from '../../libs/feeds/src/taxii/taxii-object-query';
import { TaxiiError } from '../../libs/feeds/src/taxii/taxii-error';

function refusal(run: () => unknown): TaxiiError {
  try {
    run();
  } catch (error) {
    if (error instanceof TaxiiError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('TAXII Accept negotiation', () => {
  it('admits TAXII 2.1 and wildcards, refuses other types, versions and q=0', () => {
    for (const accept of [
      undefined,
      '',
      'application/taxii+json;version=2.1',
      'Application/TAXII+JSON; version="2.1"',
      'application/*',
      '*/*;q=0.1',
      'text/html, application/taxii+json',
    ]) {
      expect({ accept, ok: acceptsTaxii(accept) }).toEqual({ accept, ok: true });
    }
    for (const accept of [
      'application/json',
      'application/taxii+json;version=2.0',
      'application/taxii+json;q=0',
      '*/*;q=0',
      'application/stix+json;version=2.1',
    ]) {
      expect({ accept, ok: acceptsTaxii(accept) }).toEqual({ accept, ok: false });
    }
  });
});

describe('TAXII next tokens', () => {
  it('round-trips a position and refuses anything it did not make', () => {
    const position = { dateAdded: '2026-11-25T12:00:00.123456Z', id: '3f1c8a52-8d0e-4c55-9a51-0d6f2d1b7e10', index: 3 };
    expect(decodeNextToken(encodeNextToken(position))).toEqual(position);
    for (const token of [
      '',
      'x',
      Buffer.from('2026-11-25T12:00:00Z|abc|1').toString('base64url'),
      Buffer.from(`${position.dateAdded}|${position.id}|-1`).toString('base64url'),
      'a'.repeat(500),
    ]) {
      expect(refusal(() => decodeNextToken(token)).httpStatus).toBe(400);
    }
  });
});

describe('TAXII filters', () => {
  it('reads flat and nested match parameters, comma lists and repeats', () => {
    const flat = parseTaxiiObjectQuery({
      'match[type]': 'report,indicator',
      'match[id]': ['report--3F1C8A52-8D0E-4C55-9A51-0D6F2D1B7E10'],
      limit: '5',
    });
    expect([...(flat.types ?? [])]).toEqual(['report', 'indicator']);
    expect(flat.ids).toEqual(['report--3f1c8a52-8d0e-4c55-9a51-0d6f2d1b7e10']);
    expect(flat.limit).toBe(5);
    const nested = parseTaxiiObjectQuery({ match: { type: ['report', 'identity'], version: 'last' } });
    expect([...(nested.types ?? [])]).toEqual(['report', 'identity']);
    expect(nested.versions).toBeNull();
    expect(parseTaxiiObjectQuery({ 'match[version]': '2026-01-01T00:00:00.000Z' }).versions).toEqual([
      Date.parse('2026-01-01T00:00:00.000Z'),
    ]);
    expect(parseTaxiiObjectQuery({ 'match[spec_version]': '2.0' }).specVersionServed).toBe(false);
    expect(parseTaxiiObjectQuery({}).limit).toBe(100);
    expect(parseTaxiiObjectQuery({ limit: '999999' }).limit).toBe(MAX_PAGE_SIZE);
  });

  it('refuses what it cannot use, with a 400 that names the parameter', () => {
    for (const query of [
      { limit: '0' },
      { limit: '-1' },
      { limit: ['1', '2'] },
      { added_after: '2026-01-01' },
      { added_after: '2026-13-01T00:00:00Z' },
      { 'match[id]': "report--1' OR '1'='1" },
      { 'match[type]': 'Report' },
      { next: 'nope' },
      { other: '1' },
      { limit: { $gt: '1' } },
    ]) {
      const error = refusal(() => parseTaxiiObjectQuery(query));
      expect({ query, status: error.httpStatus }).toEqual({ query, status: 400 });
      expect(error.body()).toMatchObject({ title: 'Bad request', http_status: '400' });
    }
  });
});
