import { describe, expect, it } from 'vitest';
import { renderDemoPage } from './demo-page.js';

describe('renderDemoPage', () => {
  const page = renderDemoPage({
    serverInfo: { name: 'nhicard', version: '1.2.3<b>' },
    path: '/v1',
    simulatorCards: [{ name: 'x', description: '</script><script>alert(1)</script>', kind: 'nhi' }],
    nonce: 'abc123',
  });

  it('escapes text and keeps JSON from closing its script element', () => {
    expect(page).toContain('nhicard 1.2.3&lt;b&gt;');
    expect(page).not.toContain('</script><script>alert(1)');
    const config = /<script id="nhicard-config" type="application\/json">(.*?)<\/script>/s.exec(
      page,
    );
    expect(JSON.parse(config?.[1] ?? 'null')).toStrictEqual({
      path: '/v1',
      simulator: {
        cards: [{ name: 'x', description: '</script><script>alert(1)</script>', kind: 'nhi' }],
      },
    });
  });

  it('carries the nonce on its one inline script and style', () => {
    expect(page.match(/<script nonce="abc123">/g)).toHaveLength(1);
    expect(page.match(/<style nonce="abc123">/g)).toHaveLength(1);
    expect(page.match(/<script(?! id="nhicard-config")(?! nonce="abc123")/g)).toBeNull();
  });

  it('links the examples when they are served', () => {
    expect(page).not.toContain('Examples');
    const withExamples = renderDemoPage({
      serverInfo: { name: 'nhicard', version: '1' },
      path: '/v1',
      simulatorCards: null,
      nonce: 'n',
      examplesPath: '/examples/',
    });
    expect(withExamples).toContain(
      '· <a href="/examples/">範例 · Examples (HIS registration, kiosk, monitor)</a>',
    );
  });

  it('has no simulator configuration for another driver', () => {
    const plain = renderDemoPage({
      serverInfo: { name: 'nhicard', version: '1' },
      path: '/v1',
      simulatorCards: null,
      nonce: 'n',
    });
    expect(plain).toContain('{"path":"/v1","simulator":null}');
    expect(plain).not.toContain('Simulator: pick a demo card');
  });
});
