// The `matches` engine: PCRE2 syntax (byte mode, caseless by default, as tshark 4.0) in linear time.
import { describe, expect, it } from 'vitest';
import { compileRegex } from './regex.ts';

const enc = new TextEncoder();

function test(pattern: string, subject: string | Uint8Array): boolean {
  const re = compileRegex(enc.encode(pattern));
  if ('error' in re) throw new Error(re.error);
  return re.test(typeof subject === 'string' ? enc.encode(subject) : subject);
}

function error(pattern: string): string | undefined {
  const re = compileRegex(enc.encode(pattern));
  return 'error' in re ? re.error : undefined;
}

describe('regex matching', () => {
  it('finds literals anywhere, caseless by default', () => {
    expect(test('google', 'www.google.com')).toBe(true);
    expect(test('GOOGLE', 'www.google.com')).toBe(true);
    expect(test('(?-i)GOOGLE', 'www.google.com')).toBe(false);
    expect(test('(?i)GoOgLe', 'www.google.com')).toBe(true);
    expect(test('a(?-i)B', 'Ab')).toBe(false);
    expect(test('a(?-i:B)c', 'AbC')).toBe(false);
    expect(test('a(?-i:B)c', 'ABC')).toBe(true);
    expect(test('', 'x')).toBe(true);
    expect(test('', '')).toBe(true);
  });

  it('folds case for ASCII only (no UTF mode)', () => {
    expect(test('é', 'É')).toBe(false);
    expect(test('é', 'é')).toBe(true);
  });

  it('supports classes, quantifiers and alternation', () => {
    expect(test('goo+gle', 'gooooogle')).toBe(true);
    expect(test('^go?gle$', 'ggle')).toBe(true);
    expect(test('^a{2,3}$', 'aaaa')).toBe(false);
    expect(test('^a{2,3}$', 'aaa')).toBe(true);
    expect(test('^a{2}$', 'aa')).toBe(true);
    expect(test('^a{2,}$', 'aaaaa')).toBe(true);
    expect(test('^x{0}$', '')).toBe(true);
    expect(test('a{,2}', 'a{,2}')).toBe(true); // not a quantifier in PCRE2 10.42
    expect(test('a{2', 'a{2')).toBe(true);
    expect(test('^(GET|POST) /', 'post /index')).toBe(true);
    expect(test('^(?:a|b)*c$', 'ababc')).toBe(true);
    expect(test('[0-9a-f]{4}', 'xx12afyy')).toBe(true);
    expect(test('[^a-z]', 'abc')).toBe(false);
    expect(test('[]a]', ']')).toBe(true);
    expect(test('[^]a]', 'b')).toBe(true);
    expect(test('[a-]', '-')).toBe(true);
    expect(test('[[:digit:]]+', 'abc123')).toBe(true);
    expect(test('^[[:^alpha:]]+$', '123')).toBe(true);
    expect(test('\\d\\s\\w', '1 a')).toBe(true);
    expect(test('\\D', '123')).toBe(false);
    expect(test('[\\d.]+', '1.2')).toBe(true);
  });

  it('handles anchors and newlines like PCRE', () => {
    expect(test('^abc$', 'abc\n')).toBe(true); // $ matches before a final newline
    expect(test('^abc\\z', 'abc\n')).toBe(false);
    expect(test('^abc\\Z', 'abc\n')).toBe(true);
    expect(test('\\Aabc', 'xabc')).toBe(false);
    expect(test('a.c', 'a\nc')).toBe(false);
    expect(test('(?s)a.c', 'a\nc')).toBe(true);
    expect(test('a.c', 'a\rc')).toBe(true);
    expect(test('a\\Nc', 'a\nc')).toBe(false);
    expect(test('^\\N{3}$', 'abc')).toBe(true);
    expect(test('[^x]', '\n')).toBe(true);
    expect(test('^two', 'one\ntwo')).toBe(false);
    expect(test('(?m)^two$', 'one\ntwo\nthree')).toBe(true);
    expect(test('\\bgoogle\\b', 'www.google.com')).toBe(true);
    expect(test('\\bgoogle\\b', 'googles')).toBe(false);
    expect(test('\\Bgle', 'google')).toBe(true);
    expect(test('a\\Rb', 'a\r\nb')).toBe(true);
  });

  it('understands escapes', () => {
    expect(test('\\x16\\x03', Uint8Array.of(1, 0x16, 3))).toBe(true);
    expect(test('\\x{41}', 'a')).toBe(true);
    expect(test('\\101', 'A')).toBe(true);
    expect(test('\\o{101}', 'A')).toBe(true);
    expect(test('\\0', Uint8Array.of(0))).toBe(true);
    expect(test('\\cA', Uint8Array.of(1))).toBe(true);
    expect(test('\\t\\n\\r\\f\\e\\a', Uint8Array.of(9, 10, 13, 12, 27, 7))).toBe(true);
    expect(test('\\Qa.b*\\E+', 'a.b**')).toBe(true);
    expect(test('\\Qa.b\\E', 'axb')).toBe(false);
    expect(test('\\.', 'a')).toBe(false);
    expect(test('\\h+', ' \t')).toBe(true);
    expect(test('\\C', 'x')).toBe(true);
    expect(test('ab\\Kc', 'abc')).toBe(true);
  });

  it('matches raw bytes, not characters', () => {
    expect(test('^.{2}$', 'é')).toBe(true); // two UTF-8 bytes
    expect(test('^\\xff$', Uint8Array.of(0xff))).toBe(true);
    expect(test('[\\x80-\\xff]', Uint8Array.of(0x41, 0x90))).toBe(true);
  });

  it('supports groups, names, comments and extended mode', () => {
    expect(test('(?<host>www)\\.', 'www.x')).toBe(true);
    expect(test("(?'n'a)(?P<m>b)", 'ab')).toBe(true);
    expect(test('(?|a|b)c', 'bc')).toBe(true);
    expect(test('(?#comment)abc', 'abc')).toBe(true);
    expect(test('(?x) g o o  # spaces are ignored\n gle', 'google')).toBe(true);
    expect(test('(?x)[ ]', ' ')).toBe(true);
    expect(test('(?U)a+', 'aa')).toBe(true);
  });
});

describe('regex errors', () => {
  const cases: [string, string][] = [
    // tshark 4.0.17 (PCRE2) messages.
    ['(', 'missing closing parenthesis'],
    ['(?i', 'missing closing parenthesis'],
    ['a)', 'unmatched closing parenthesis'],
    ['[a', 'missing terminating ] for character class'],
    ['[]', 'missing terminating ] for character class'],
    ['a{2,1}', 'numbers out of order in {} quantifier'],
    ['a{99999}', 'number too big in {} quantifier'],
    ['\\', '\\ at end of pattern'],
    ['*a', 'quantifier does not follow a repeatable item'],
    ['a**', 'quantifier does not follow a repeatable item'],
    ['a{2}{3}', 'quantifier does not follow a repeatable item'],
    ['^*', 'quantifier does not follow a repeatable item'],
    ['[z-a]', 'range out of order in character class'],
    ['[\\d-z]', 'invalid range in character class'],
    ['\\i', 'unrecognized character follows \\'],
    ['[[:foo:]]', 'unknown POSIX class name'],
    ['(?z)', 'unrecognized character after (? or (?-'],
    ['(?<n>a)(?<n>b)', 'two named subpatterns have the same name (PCRE2_DUPNAMES not set)'],
    ['(?<', 'subpattern name expected'],
    ['\\k', '\\k is not followed by a braced, angle-bracketed, or quoted name'],
    ['\\u0041', 'PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u'],
    ['\\x{100}', 'character code point value in \\x{} or \\o{} is too large'],
    ['\\o{}', 'digits missing in \\x{} or \\o{} or \\N{U+}'],
    ['\\8', 'reference to non-existent subpattern'],
    ['\\c', '\\c at end of pattern'],
    ['\\N{U+41}', '\\N{U+dddd} is supported only in Unicode (UTF) mode'],
    ['\\p', 'malformed \\P or \\p sequence'],
    ['(?#abc', 'missing ) after (?# comment'],
    ['(*UTF)a', 'using UTF is disabled by the application'],
  ];
  it.each(cases)('%s', (pattern, message) => {
    expect(error(pattern)).toBe(`Regex compilation error: ${message}.`);
  });

  it('rejects constructs that need backtracking, saying so', () => {
    for (const p of [
      '(a)\\1',
      '(?<n>a)\\k<n>',
      '(?P=n)',
      'a(?=b)',
      'a(?!b)',
      '(?<=a)b',
      '(?<!a)b',
      '(?>a)',
      'a++',
      'a*+',
      '(?R)',
      '(?1)',
      '(?(1)a|b)',
      '\\p{L}',
    ]) {
      const e = error(p);
      expect(e, p).toMatch(/^Regex compilation error: .* not supported/);
    }
  });

  it('limits the size of the compiled pattern', () => {
    expect(error('(?:(?:a{1000}){1000}){1000}')).toBe('Regex compilation error: regular expression is too large.');
  });
});

describe('regex cost is linear in the subject', () => {
  const big = enc.encode('a'.repeat(1 << 18) + '!');
  it.each(['.*a.*b', '(a+)+b', '(a|aa)*c', '(x*)*y', '^(\\w+\\s?)*$', '(?:a?){30}a{30}z'])('%s on 256 KiB', (p) => {
    const re = compileRegex(enc.encode(p));
    if ('error' in re) throw new Error(re.error);
    const t0 = performance.now();
    expect(re.test(big)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
