/**
 * The part of the STIX patterning language (STIX 2.1 §9) an advisory's indicator strings can say:
 * one or more `<object path> = '<value>'` comparisons joined by OR — inside one observation
 * (`[a = 'x' OR b = 'y']`), across observations (`[a = 'x'] OR [b = 'y']`), in parentheses or not.
 * Each comparison then matches on its own, so each value is an indicator by itself; and MISP's
 * network-traffic address idiom (see networkTrafficAddress). Everything
 * else (AND, NOT, FOLLOWEDBY, qualifiers, other operators, other object paths) needs the pattern's
 * structure to mean what it says, and is reported as unsupported with the reason.
 */

export type IndicatorKind = 'ipv4-addr' | 'ipv6-addr' | 'domain-name' | 'url' | 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-512';

export interface PatternComparison {
  kind: IndicatorKind;
  value: string;
}

export type PatternReading = { comparisons: PatternComparison[] } | { unsupported: string };

type Token =
  | { kind: 'open-bracket' | 'close-bracket' | 'open-paren' | 'close-paren' }
  | { kind: 'string'; value: string }
  | { kind: 'operator'; value: string }
  | { kind: 'word'; value: string };

class Unsupported extends Error {}

const VALUE_PATHS: Readonly<Record<string, IndicatorKind>> = {
  'ipv4-addr:value': 'ipv4-addr',
  'ipv6-addr:value': 'ipv6-addr',
  'domain-name:value': 'domain-name',
  'url:value': 'url',
};

/** Hash names as STIX spells them ('SHA-256') and as some producers do (SHA256, sha256, md5). */
const HASH_NAMES: Readonly<Record<string, IndicatorKind>> = {
  MD5: 'MD5',
  SHA1: 'SHA-1',
  SHA256: 'SHA-256',
  SHA512: 'SHA-512',
};

const TEMPORAL = new Set(['FOLLOWEDBY', 'WITHIN', 'REPEATS', 'TIMES', 'START', 'STOP', 'SECONDS']);
const OPERATOR_WORDS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'EXISTS']);

export function readPattern(pattern: string): PatternReading {
  try {
    return { comparisons: new PatternParser(tokenize(pattern)).parse() };
  } catch (error) {
    if (error instanceof Unsupported) return { unsupported: error.message };
    throw error;
  }
}

/** Sticky: matches exactly at lastIndex, without copying the rest of the pattern. */
const OPERATOR = /!=|<=|>=|=|<|>/y;

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const single: Record<string, Token['kind']> = { '[': 'open-bracket', ']': 'close-bracket', '(': 'open-paren', ')': 'close-paren' };
  while (i < pattern.length) {
    const c = pattern[i];
    if (/\s/.test(c)) {
      i++;
    } else if (single[c]) {
      tokens.push({ kind: single[c] } as Token);
      i++;
    } else if (c === "'") {
      const [value, end] = readString(pattern, i);
      tokens.push({ kind: 'string', value });
      i = end;
    } else if ('=!<>'.includes(c)) {
      OPERATOR.lastIndex = i;
      const operator = OPERATOR.exec(pattern)?.[0];
      if (!operator) throw new Unsupported(`the pattern is malformed at character ${i + 1}`);
      tokens.push({ kind: 'operator', value: operator });
      i += operator.length;
    } else {
      // A word: a keyword, a number, or an object path whose steps may be quoted (hashes.'SHA-256').
      let word = '';
      while (i < pattern.length && !/[\s[\]()=!<>]/.test(pattern[i])) {
        if (pattern[i] === "'") {
          if (!word.endsWith('.'))
            throw new Unsupported("the pattern uses a typed literal (b'…', h'…' or t'…'); only plain strings are supported");
          const [step, end] = readString(pattern, i);
          word += `'${step}'`;
          i = end;
        } else {
          word += pattern[i++];
        }
      }
      tokens.push({ kind: 'word', value: word });
    }
  }
  return tokens;
}

/** A single-quoted string starting at `start`; STIX escapes only \' and \\. */
function readString(pattern: string, start: number): [string, number] {
  let value = '';
  let i = start + 1;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== "'" && next !== '\\') throw new Unsupported(`the pattern has an invalid escape at character ${i + 1}`);
      value += next;
      i += 2;
    } else if (c === "'") {
      return [value, i + 1];
    } else {
      value += c;
      i++;
    }
  }
  throw new Unsupported('the pattern has an unterminated string');
}

class PatternParser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): PatternComparison[] {
    if (this.tokens.length === 0) throw new Unsupported('the pattern is empty');
    const comparisons = this.observations();
    if (this.position < this.tokens.length) this.unexpected();
    return comparisons;
  }

  /** observation (OR observation)* */
  private observations(): PatternComparison[] {
    const comparisons = this.observation();
    while (this.isWord('OR')) {
      this.position++;
      comparisons.push(...this.observation());
    }
    return comparisons;
  }

  /** '[' comparisons ']' | '(' observations ')' */
  private observation(): PatternComparison[] {
    const token = this.tokens[this.position];
    if (token?.kind === 'open-paren') {
      this.position++;
      const inner = this.observations();
      this.expect('close-paren');
      return inner;
    }
    this.expect('open-bracket');
    const address = this.networkTrafficAddress();
    if (address) {
      this.expect('close-bracket');
      return [address];
    }
    const comparisons = this.comparisons();
    this.expect('close-bracket');
    return comparisons;
  }

  /** term (OR term)* */
  private comparisons(): PatternComparison[] {
    const comparisons = this.term();
    while (this.isWord('OR')) {
      this.position++;
      comparisons.push(...this.term());
    }
    return comparisons;
  }

  /** '(' comparisons ')' | path '=' string */
  private term(): PatternComparison[] {
    const token = this.tokens[this.position];
    if (token?.kind === 'open-paren') {
      this.position++;
      const inner = this.comparisons();
      this.expect('close-paren');
      return inner;
    }
    if (token?.kind !== 'word') this.unexpected();
    if (token.value.toUpperCase() === 'NOT') throw new Unsupported('the pattern negates a comparison (NOT)');
    const kind = indicatorKind(token.value);
    this.position++;
    const operator = this.tokens[this.position];
    if (operator?.kind === 'word' && (OPERATOR_WORDS.has(operator.value.toUpperCase()) || operator.value.toUpperCase() === 'NOT')) {
      throw new Unsupported(`the pattern uses the operator ${operator.value.toUpperCase()}; only '=' is supported`);
    }
    if (operator?.kind !== 'operator') this.unexpected();
    if (operator.value !== '=') throw new Unsupported(`the pattern uses the operator ${operator.value}; only '=' is supported`);
    this.position++;
    const value = this.tokens[this.position];
    if (value?.kind !== 'string') throw new Unsupported(`${token.value} is compared with something other than a plain string`);
    this.position++;
    return [{ kind, value: value.value }];
  }

  /**
   * MISP's ip-src / ip-dst idiom, `network-traffic:dst_ref.type = 'ipv4-addr' AND
   * network-traffic:dst_ref.value = '198.51.100.7'` (either order): the AND only states the type of
   * the one address compared, so the address is the indicator. Any other AND is not read.
   */
  private networkTrafficAddress(): PatternComparison | null {
    const window = this.tokens.slice(this.position, this.position + 8);
    if (
      window.length < 8 ||
      window[7].kind !== 'close-bracket' ||
      !(window[3].kind === 'word' && window[3].value.toUpperCase() === 'AND')
    ) {
      return null;
    }
    const comparison = (path: Token, operator: Token, value: Token) =>
      path.kind === 'word' && operator.kind === 'operator' && operator.value === '=' && value.kind === 'string'
        ? (/^network-traffic:(src_ref|dst_ref)\.(type|value)$/.exec(path.value)?.slice(1).concat(value.value) ?? null)
        : null;
    const first = comparison(window[0], window[1], window[2]);
    const second = comparison(window[4], window[5], window[6]);
    if (!first || !second || first[0] !== second[0] || first[1] === second[1]) return null;
    const [type, value] = first[1] === 'type' ? [first[2], second[2]] : [second[2], first[2]];
    if (type !== 'ipv4-addr' && type !== 'ipv6-addr') return null;
    this.position += 7;
    return { kind: type, value };
  }

  private isWord(word: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'word' && token.value.toUpperCase() === word;
  }

  private expect(kind: Token['kind']): void {
    if (this.tokens[this.position]?.kind !== kind) this.unexpected();
    this.position++;
  }

  private unexpected(): never {
    const token = this.tokens[this.position];
    if (!token) throw new Unsupported('the pattern ends too early');
    if (token.kind === 'word') {
      const word = token.value.toUpperCase();
      if (word === 'AND')
        throw new Unsupported('the pattern joins comparisons with AND (they must hold together; one indicator string cannot say that)');
      if (TEMPORAL.has(word)) throw new Unsupported(`the pattern uses ${word} (a sequence or time window between observations)`);
    }
    throw new Unsupported(
      `the pattern is not a list of '=' comparisons joined by OR (unexpected ${token.kind === 'word' || token.kind === 'operator' ? `"${token.value.slice(0, 40)}"` : token.kind})`,
    );
  }
}

function indicatorKind(path: string): IndicatorKind {
  const direct = VALUE_PATHS[path];
  if (direct) return direct;
  const hash = /^file:hashes\.(?:'([^']+)'|([A-Za-z0-9-]+))$/.exec(path);
  if (hash) {
    const name = (hash[1] ?? hash[2]).replace(/-/g, '').toUpperCase();
    const kind = HASH_NAMES[name];
    if (kind) return kind;
    throw new Unsupported(`the pattern compares the hash ${hash[1] ?? hash[2]}; supported hashes: MD5, SHA-1, SHA-256, SHA-512`);
  }
  throw new Unsupported(
    `the pattern compares ${path.slice(0, 80)}; supported: ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value and file:hashes (MD5, SHA-1, SHA-256, SHA-512)`,
  );
}
