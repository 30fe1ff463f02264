/**
 * The stored first paint's pure parts: the sanitizer profile (hostile input, a realistic Start),
 * `withFirstPaint` on the built index.html's shape, `firstPaintValidUntil`, `servablePaint`, the
 * view's version and the input schema's byte limit.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FIRST_PAINT_BYTES } from '../../preload/contract/start';
import type { TodayView } from '../../preload/contract/start';
import { START_INPUT_SCHEMAS } from '../../main/api/start';
import { sanitizeFirstPaintHtml } from '../../main/security/html-sanitizer';
import { firstPaintValidUntil, servablePaint, withFirstPaint } from '../../main/start/first-paint';
import { withVersion } from '../../main/start/today';

const LOGO = "data:image/svg+xml,%3csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%2064%2064'%3e%3crect%20width='64'%20height='64'%20rx='14'%20fill='%231d4ed8'/%3e%3c/svg%3e";

/** The app frame and the day as React writes them (renderer/app/Layout.tsx, features/start, AccountMenu, ui/icons). */
const REALISTIC_START = `<div class="app"><a class="skip-link" href="#main-content">Zum Inhalt springen</a><header class="app-header"><div class="brand"><img src="${LOGO}" alt="" width="32" height="32"><span class="brand-name">SchulDesk</span></div><div class="header-status"><div class="account-menu" data-testid="account-menu"><button type="button" class="account-menu-button" aria-expanded="false" aria-controls=":r0:" title="Lea Schmidt · Gesamtschule am Rosenberg" data-testid="account-menu-button"><span class="account-menu-text" data-testid="account-current"><span class="account-menu-name">Lea Schmidt</span><span class="account-menu-school"> · Gesamtschule am Rosenberg</span></span><span class="account-menu-caret" aria-hidden="true">▾</span></button><div id=":r0:" class="account-menu-panel" hidden="" role="group" aria-label="Konto"><p class="account-menu-who"><strong>Lea Schmidt</strong><br>Gesamtschule am Rosenberg</p><ul class="account-menu-actions"><li><button type="button" class="button button-quiet" data-testid="header-signin">Schule hinzufügen</button></li><li><a class="button button-quiet" href="#/einstellungen" data-testid="account-menu-manage">Schulen verwalten</a></li></ul></div></div><div class="connectivity" data-status="online" data-testid="connectivity"><span class="connectivity-dot" aria-hidden="true"></span><span class="visually-hidden">Status: </span><span class="connectivity-status">Online</span><span class="connectivity-sync">Zuletzt abgeglichen: 06.12.26, 07:10</span></div><div class="sync-control" role="group" aria-label="Abgleich" data-testid="sync-control" data-state="idle"><button type="button" class="button button-quiet sync-now" aria-busy="false">Jetzt abgleichen</button></div></div></header><div class="app-body"><nav class="app-nav" aria-label="Hauptnavigation"><ul><li><a href="#/start" aria-current="page"><svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="M3 11 12 4l9 7"></path><path d="M5 10v10h5v-6h4v6h5V10"></path></svg><span>Start</span></a></li><li><a href="#/aufgaben"><svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><rect x="5" y="4" width="14" height="17" rx="2"></rect><path d="m8.5 11 2 2 4-4"></path></svg><span>Aufgaben</span></a></li><li><a href="#/einstellungen"><svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><circle cx="12" cy="12" r="3"></circle></svg><span>Einstellungen</span></a></li></ul><p class="app-version">Version 0.1.0 · Browser</p></nav><main id="main-content" class="app-main" tabindex="-1"><div class="screen screen-wide"><h1 id="screen-heading" class="screen-heading" tabindex="-1">Heute</h1><p class="today-stand" data-testid="today-stand" data-offline="false">Stand: 06.12.26, 07:10</p><div class="today-grid" data-testid="start-today"><section class="card today-card" aria-labelledby="today-deadlines" data-testid="today-deadlines"><h2 id="today-deadlines">Termine</h2><ul class="today-list"><li class="today-item" data-testid="today-deadline" data-overdue="true"><div class="today-item-main"><span class="today-badge today-badge-overdue">Überfällig</span><a class="today-link" href="#/aufgaben?aufgabe=7">Gedichtanalyse &amp; „Erlkönig“ &lt;Teil 2&gt;</a><span class="muted">Deutsch 9b · fällig am 05.12.2026, 23:59</span></div></li></ul><p class="today-more"><a class="text-link" href="#/aufgaben">Alle Aufgaben</a></p></section><section class="card today-card today-card-news" aria-labelledby="today-news" data-testid="today-news"><h2 id="today-news">Neu seit deinem letzten Besuch</h2><ul class="today-list"><li class="today-item" data-testid="today-news-item" data-kind="material"><div class="today-item-main"><span class="today-badge today-badge-material">Neues Material</span><a class="today-link" href="#/kurse?kurs=2&amp;modul=14">Video zur Stunde</a><span class="muted">Mathe 9b</span></div></li></ul><p class="today-more"><button type="button" class="button button-quiet">Als gesehen markieren</button></p></section></div></div></main></div><div class="visually-hidden" aria-live="polite"></div></div>`;

const tags = (html: string): string[] => [...html.matchAll(/<\/?([a-zA-Z]+)/g)].map((m) => m[0].toLowerCase());

/** Every element closed in order (void elements aside): nothing can close the container. */
function balanced(html: string): boolean {
  const open: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z]+)/g)) {
    const name = (m[2] as string).toLowerCase();
    if (name === 'br' || name === 'img') continue;
    if (m[1] === '') open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

describe('sanitizeFirstPaintHtml: a realistic Start', () => {
  const out = sanitizeFirstPaintHtml(REALISTIC_START);

  it('keeps every element, text, hash link, icon and the logo', () => {
    expect(out).not.toBeNull();
    const html = out as string;
    expect(tags(html)).toEqual(tags(REALISTIC_START));
    for (const text of ['Lea Schmidt', 'Gesamtschule am Rosenberg', 'Heute', 'Stand: 06.12.26, 07:10', 'Gedichtanalyse &amp; „Erlkönig“ &lt;Teil 2&gt;', 'Video zur Stunde', 'Überfällig']) expect(html).toContain(text);
    expect(html).toContain('<a class="today-link" href="#/aufgaben?aufgabe=7">');
    expect(html).toContain('href="#/kurse?kurs=2&amp;modul=14"');
    expect(html).toContain('<a aria-current="page" href="#/start">');
    expect(html).toContain(`<img src="${LOGO}" alt="" width="32" height="32">`);
    expect(html).toContain('<svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" focusable="false"><path d="M3 11 12 4l9 7"></path>');
    expect(html).toContain('<rect x="5" y="4" width="14" height="17" rx="2"></rect>');
    expect(html).toContain('<circle cx="12" cy="12" r="3"></circle>');
    expect(html).toContain('<div class="account-menu-panel" hidden="">');
    expect(html).toContain('<div class="connectivity" data-status="online">');
    expect(html).toContain('<button class="button button-quiet" type="button">');
    expect(balanced(html)).toBe(true);
  });

  it('drops ids, tabindex, title, test ids, aria references and roles; the skip link loses its non-route href', () => {
    const html = out as string;
    for (const gone of [' id=', 'tabindex', 'title=', 'data-testid', 'aria-controls', 'aria-labelledby', 'aria-expanded', 'role=', 'aria-label=', 'data-overdue', 'data-kind', 'data-state', 'aria-live', 'href="#main-content"']) {
      expect(html).not.toContain(gone);
    }
    expect(html).toContain('<a class="skip-link">Zum Inhalt springen</a>');
  });

  it('is a fixed point: sanitising the result again changes nothing', () => {
    expect(sanitizeFirstPaintHtml(out as string)).toBe(out);
  });
});

describe('sanitizeFirstPaintHtml: hostile input', () => {
  const clean = (html: string) => sanitizeFirstPaintHtml(html);

  it('drops script, style, iframe, template, form and input with their content', () => {
    expect(clean('<p>a</p><script>alert(1)</script><style>body{display:none}</style><iframe src="https://evil.example">x</iframe><template><p>t</p></template><form action="https://evil.example"><input name="pw"><p>Passwort</p></form><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(clean('<noscript><p>n</p></noscript><textarea>t</textarea><object data="x">o</object><p>ok</p>')).toBe('<p>ok</p>');
  });

  it('drops event handlers, style, id, tabindex, title and unknown attributes', () => {
    expect(clean('<p onclick="alert(1)" style="position:fixed" id="root" tabindex="0" title="t" data-x="1" class="lead">x</p>')).toBe('<p class="lead">x</p>');
    expect(clean('<div onmouseover="x" ONLOAD="y">z</div>')).toBe('<div>z</div>');
  });

  it('keeps only hash-route links: javascript:, external, protocol-relative and data: hrefs go', () => {
    expect(clean('<a href="javascript:alert(1)">a</a><a href="https://evil.example/login">b</a><a href="//evil.example">c</a><a href="data:text/html,x">d</a><a href="#/kurse?kurs=1">e</a><a href="#/x&quot;onclick=&quot;y">f</a>')).toBe(
      '<a>a</a><a>b</a><a>c</a><a>d</a><a href="#/kurse?kurs=1">e</a><a>f</a>',
    );
    expect(clean('<a href=" #/start">x</a><a href="JAVASCRIPT:alert(1)//#/">y</a>')).toBe('<a>x</a><a>y</a>');
  });

  it('images: only the inlined SVG logo; remote, javascript: and onerror images go', () => {
    expect(clean('<img src=x onerror=alert(1)>')).toBe('');
    expect(clean('<img src="https://evil.example/track.png" alt="a">')).toBe('');
    expect(clean('<img src="data:image/png;base64,AAAA">')).toBe('');
    expect(clean('<img src="data:image/svg+xml,%3csvg%3e%3c/svg%3e" alt="" width="32" onload="x">')).toBe('<img src="data:image/svg+xml,%3csvg%3e%3c/svg%3e" alt="" width="32">');
  });

  it('svg: script, foreignObject (with its HTML), onload, style, use and links go; html inside svg is refused', () => {
    expect(clean('<svg onload="alert(1)" viewBox="0 0 24 24"><script>alert(1)</script><foreignObject><div><a href="#/x">x</a></div></foreignObject><style>*{}</style><use href="https://evil.example/s.svg#a"></use><path d="M2 2" onclick="x" style="fill:red"></path></svg>')).toBe(
      '<svg viewBox="0 0 24 24"><path d="M2 2"></path></svg>',
    );
    expect(clean('<svg><div>breaks out of svg</div></svg>')).toBeNull();
    expect(clean('<svg><a href="javascript:x"><path d="M1 1"></path></a></svg>')).toBeNull();
    expect(clean('<path d="M1 1"></path><p>x</p>')).toBeNull();
  });

  it('cannot break out of the container: stray end tags go, nesting a browser would rebuild is refused', () => {
    const out = clean('<p>x</p></div></body></html><script>alert(1)</script><div>after');
    expect(out).toBe('<p>x</p><div>after</div>');
    expect(balanced(out as string)).toBe(true);
    // A browser pops the inner div at the second <li>; its </div> would then close #first-paint.
    expect(clean('<ul><li><div><li>x</li></div></li></ul><a href="#/start">phishing</a>')).toBeNull();
    expect(clean('<button><div><button>x</button></div></button>')).toBeNull();
    expect(clean('<a href="#/a"><span><a href="#/b">x</a></span></a>')).toBeNull();
    // htmlparser2 closes the <h1> before an <h2> and the <p> before a block as browsers do: written as built.
    expect(clean('<h1><h2>x</h2></h1>')).toBe('<h1></h1><h2>x</h2>');
    expect(clean('<p><div>x</div></p>')).toBe('<p></p><div>x</div><p></p>');
  });

  it('drops comments and keeps text as text ($& and entities included)', () => {
    expect(clean('<!-- <script>alert(1)</script> --><p>a &lt;b&gt; $&amp; $1</p><!--[if IE]><p>x</p><![endif]-->')).toBe('<p>a &lt;b&gt; $&amp; $1</p>');
  });

  it('a 300 KiB string is handled (and refused by the input schema before it gets here)', () => {
    const big = `<div class="x">${'<p>Zeile</p>'.repeat(Math.ceil((300 * 1024) / 12))}</div>`;
    const out = clean(big);
    expect(out?.length).toBe(big.length);
    expect(START_INPUT_SCHEMAS['start.saveFirstPaint'].safeParse([{ html: big, version: 'a'.repeat(64), language: 'de' }]).success).toBe(false);
  });

  it('refuses markup nested deeper than 64 levels (the Start is ~20; each level costs a walk over the open ones)', () => {
    const tower = (depth: number) => `${'<div class="x">'.repeat(depth)}Text${'</div>'.repeat(depth)}`;
    expect(clean(tower(64))).toBe(tower(64));
    expect(clean(tower(65))).toBeNull();
    // The input limit's worth of nesting is refused as well (it used to take seconds of main's time, and was kept).
    expect(clean(tower(Math.floor((256 * 1024) / 22)))).toBeNull();
  });
});

describe('start.saveFirstPaint input schema', () => {
  const schema = START_INPUT_SCHEMAS['start.saveFirstPaint'];
  const ok = { html: '<p>x</p>', version: 'ab'.repeat(32), language: 'de' as const };

  it('limits UTF-8 bytes, not characters', () => {
    const justFits = 'ä'.repeat(MAX_FIRST_PAINT_BYTES / 2);
    expect(schema.safeParse([{ ...ok, html: justFits }]).success).toBe(true);
    // Fewer characters than the limit, more bytes.
    expect(schema.safeParse([{ ...ok, html: `${justFits}ä` }]).success).toBe(false);
  });

  it('refuses odd versions, languages and extra fields', () => {
    expect(schema.safeParse([ok]).success).toBe(true);
    expect(schema.safeParse([{ ...ok, version: 'x'.repeat(64) }]).success).toBe(false);
    expect(schema.safeParse([{ ...ok, version: 'a'.repeat(10_000) }]).success).toBe(false);
    expect(schema.safeParse([{ ...ok, language: 'fr' }]).success).toBe(false);
    expect(schema.safeParse([{ ...ok, accountId: 'other' }]).success).toBe(false);
    expect(schema.safeParse([]).success).toBe(false);
  });
});

/** The shape of the built out/renderer/index.html (electron-vite). */
const BUILT_INDEX = `<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8" />
    <title>SchulDesk</title>
    <script type="module" crossorigin src="./assets/index-abc123.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index-def456.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

describe('withFirstPaint', () => {
  it('puts the paint, inert and hidden from assistive technology, right before #root', () => {
    const out = withFirstPaint(BUILT_INDEX, { html: '<p>Heute</p>', language: 'en' });
    expect(out).toBe(BUILT_INDEX.replace('<div id="root"></div>', '<div id="first-paint" lang="en" inert aria-hidden="true"><p>Heute</p></div><div id="root"></div>'));
  });

  it('leaves index.html alone without a paint, without the marker, or with an unknown language', () => {
    expect(withFirstPaint(BUILT_INDEX, null)).toBe(BUILT_INDEX);
    const noRoot = BUILT_INDEX.replace('<div id="root"></div>', '<div id="app"></div>');
    expect(withFirstPaint(noRoot, { html: '<p>x</p>', language: 'de' })).toBe(noRoot);
    expect(withFirstPaint(BUILT_INDEX, { html: '<p>x</p>', language: 'fr' as 'de' })).toBe(BUILT_INDEX);
  });

  it('takes `$&` and the like in the markup literally', () => {
    expect(withFirstPaint(BUILT_INDEX, { html: '<p>$& $` $\' $1</p>', language: 'de' })).toContain('<p>$& $` $\' $1</p></div><div id="root"></div>');
  });
});

const deadline = (id: number, dueAt: number, overdue: boolean) => ({ id, name: `d${id}`, courseId: 1, courseName: 'K', dueAt, overdue, modulename: 'assign', cmid: 1, assignId: null });
const outboxItem = (id: string, state: 'pending' | 'waiting' | 'failed' | 'conflict', nextAttemptAt: number | null) => ({ id, assignId: 1, title: 't', handin: false, state, lastError: null, nextAttemptAt });

describe('firstPaintValidUntil', () => {
  const now = 10_000;
  it('is the earliest due time of a shown deadline not yet overdue, or a pending retry time', () => {
    expect(firstPaintValidUntil({ deadlines: [deadline(1, 5_000, true), deadline(2, 50_000, false), deadline(3, 30_000, false)], outbox: [] }, now)).toBe(30_000);
    expect(firstPaintValidUntil({ deadlines: [deadline(2, 50_000, false)], outbox: [outboxItem('a', 'pending', 20_000), outboxItem('b', 'failed', null)] }, now)).toBe(20_000);
  });
  it('ignores overdue deadlines, past retries and items that do not wait for a time: null when nothing changes by itself', () => {
    expect(firstPaintValidUntil({ deadlines: [deadline(1, 5_000, true)], outbox: [outboxItem('a', 'pending', 9_000), outboxItem('b', 'waiting', null), outboxItem('c', 'conflict', null)] }, now)).toBeNull();
    expect(firstPaintValidUntil({ deadlines: [], outbox: [] }, now)).toBeNull();
  });
});

describe('servablePaint', () => {
  const row = { html: '<p>x</p>', language: 'de', app_version: '1.2.0', valid_until: 2_000 as number | null };
  it('serves until valid_until, in its language, for the app version it was made for', () => {
    expect(servablePaint(row, { now: 1_999, appVersion: '1.2.0', language: 'de' })).toEqual({ html: '<p>x</p>', language: 'de' });
    expect(servablePaint(row, { now: 2_000, appVersion: '1.2.0', language: 'de' })).toBeNull();
    expect(servablePaint({ ...row, valid_until: null }, { now: 9e12, appVersion: '1.2.0', language: 'de' })).not.toBeNull();
    expect(servablePaint(row, { now: 0, appVersion: '1.2.0', language: 'en' })).toBeNull();
    expect(servablePaint(row, { now: 0, appVersion: '1.3.0', language: 'de' })).toBeNull();
    expect(servablePaint(undefined, { now: 0, appVersion: '1.2.0', language: 'de' })).toBeNull();
  });
  it('before the boot: language unknown takes the row’s', () => {
    expect(servablePaint(row, { now: 0, appVersion: '1.2.0', language: null })).toEqual({ html: '<p>x</p>', language: 'de' });
    expect(servablePaint({ ...row, language: 'fr' }, { now: 0, appVersion: '1.2.0', language: null })).toBeNull();
  });
});

describe('TodayView.version', () => {
  const base: Omit<TodayView, 'version' | 'firstPaintKept'> = { syncedAt: 1, lastVisitAt: null, deadlines: [deadline(1, 5, true)], outbox: [outboxItem('a', 'pending', 9)], news: [] };
  it('is a SHA-256 hex fingerprint: the same data gives the same version, any change another', () => {
    const v = withVersion('a1', base).version;
    expect(v).toMatch(/^[0-9a-f]{64}$/);
    expect(withVersion('a1', structuredClone(base)).version).toBe(v);
    expect(withVersion('a1', { ...base, syncedAt: 2 }).version).not.toBe(v);
    expect(withVersion('a1', { ...base, deadlines: [deadline(1, 5, false)] }).version).not.toBe(v);
    expect(withVersion('a1', { ...base, outbox: [] }).version).not.toBe(v);
    expect(withVersion('a1', { ...base, lastVisitAt: 0 }).version).not.toBe(v);
    expect(withVersion('a2', base).version).not.toBe(v);
  });
});
