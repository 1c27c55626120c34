import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inlineEarlySocket, inlineScripts, scriptHash } from './inline-scripts.ts';

const PAGE = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
const EARLY = readFileSync(new URL('../../renderer/public/early-socket.js', import.meta.url), 'utf8');

describe('inline scripts', () => {
  it("hashes a script's text the way CSP does (sha256, base64, quoted)", () => {
    // CSP3's example: alert('Hello, world.');
    expect(scriptHash("alert('Hello, world.');")).toBe("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
  });

  it('finds classic inline scripts only', () => {
    const html =
      '<script src="/a.js"></script><script>one()</script><script type="module">two()</script>' +
      '<script type="module" src="/b.js"></script><SCRIPT defer>\nthree()\n</SCRIPT><script>  </script>';
    expect(inlineScripts(html)).toEqual(['one()', '\nthree()\n']);
  });

  it('inlines early-socket.js into the page and allows it by hash, keeping script-src self', () => {
    const out = inlineEarlySocket(PAGE, EARLY);
    expect(out).not.toContain('early-socket.js"');
    expect(inlineScripts(out)).toEqual([EARLY]);
    const hash = createHash('sha256').update(EARLY).digest('base64');
    expect(out).toContain(`script-src 'self' 'sha256-${hash}'`);
    // The rest of the page is untouched.
    expect(out.replace(`<script>${EARLY}</script>`, '').replace(` 'sha256-${hash}'`, '')).toBe(
      PAGE.replace(/<script defer src="[^"]*early-socket\.js"><\/script>/, ''),
    );
  });

  it('refuses a page it cannot inline into, and a script that would end its tag early', () => {
    expect(() => inlineEarlySocket('<html></html>', EARLY)).toThrow(/early-socket/);
    expect(() => inlineEarlySocket(PAGE, 'x = "</script>";')).toThrow(/<\/script/);
  });
});
