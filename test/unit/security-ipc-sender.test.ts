import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../main/security/ipc-sender';

describe('isTrustedSender — only the top frame of app://schuldesk', () => {
  const trusted: string[] = [
    'app://schuldesk/index.html',
    'app://schuldesk/',
    'app://schuldesk',
    'app://schuldesk/courses/12?tab=files#top',
  ];
  it.each(trusted)('%s, top frame → trusted', (url) => {
    expect(isTrustedSender(url, true)).toBe(true);
  });

  it.each(trusted)('%s, subframe → refused', (url) => {
    expect(isTrustedSender(url, false)).toBe(false);
  });

  const untrusted: [string, string | null | undefined][] = [
    ['look-alike host app://schuldesk.evil', 'app://schuldesk.evil/index.html'],
    ['host with a suffix', 'app://schuldesk-evil/index.html'],
    ['userinfo trick', 'app://schuldesk@evil/index.html'],
    ['userinfo on our host', 'app://user@schuldesk/index.html'],
    ['a port', 'app://schuldesk:1/index.html'],
    ['trailing dot', 'app://schuldesk./index.html'],
    ['other app host', 'app://other/index.html'],
    ['portal page', 'https://school.example.com/login/index.php'],
    ['BBB page', 'https://bbb.example.com/html5client/join'],
    ['https with our host name', 'https://schuldesk/index.html'],
    ['browser shell origin', 'http://127.0.0.1:5173/index.html'],
    ['file: page', 'file:///opt/SchulDesk/resources/app.asar/out/renderer/index.html'],
    ['data: page', 'data:text/html,<script>schuldesk.invoke()</script>'],
    ['blob: of our origin', 'blob:app://schuldesk/1234'],
    ['about:blank', 'about:blank'],
    ['about:srcdoc', 'about:srcdoc'],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
    ['chrome-error page', 'chrome-error://chromewebdata/'],
    ['empty URL (frame being destroyed)', ''],
    ['null (destroyed frame)', null],
    ['undefined', undefined],
    ['relative URL', '/index.html'],
  ];
  it.each(untrusted)('%s → refused as top frame and as subframe', (_name, url) => {
    expect(isTrustedSender(url, true)).toBe(false);
    expect(isTrustedSender(url, false)).toBe(false);
  });
});
