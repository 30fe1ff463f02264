/**
 * Pages offline ("everything a student opened stays readable offline") and their
 * relative links ("relative links and images resolved through main"), against the test
 * Moodle over HTTP: a page opened once is read from the device while the portal is down (with its
 * image); an older copy is shown, marked, when the portal has a newer one but cannot be reached; a
 * page never opened says so; "Offline verfügbar" brings pages too; links resolve against the page.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModuleView } from '../../preload/contract/content';
import { useContentPerTest } from './content-fixture';
import type { ContentFixture } from './content-fixture';

let fx: ContentFixture | null = null;
let clock = Date.UTC(2026, 10, 23, 8, 0, 0);

async function boot(): Promise<ContentFixture> {
  fx = await env.start({ signIn: 'password' });
  await fx.runSync(null);
  return fx;
}

async function pageModule(f: ContentFixture, courseId = 2): Promise<ModuleView> {
  const page = (await f.call('content.course', courseId)).sections.flatMap((s) => s.modules).find((m) => m.kind === 'page');
  if (!page) throw new Error(`no page in course ${courseId}`);
  return page;
}

async function stopPortal(): Promise<void> {
  await env.stopPortal();
}

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 23, 8, 0, 0);
});

const env = useContentPerTest(() => clock);

describe('pages offline', () => {
  it('a page opened once is read from the device while the portal is down, with its image', async () => {
    const f = await boot();
    const page = await pageModule(f);
    const online = await f.call('content.page', page.cmid);
    expect(online.outdated).toBe(false);
    expect(online.html).toMatch(/<img src="data:image\/png;base64,/);
    env.moodle.state.stats.reset();
    // Current on the device: no request at all the second time.
    expect((await f.call('content.page', page.cmid)).html).toBe(online.html);
    expect(env.moodle.state.stats.requests).toBe(0);

    await stopPortal();
    const offline = await f.call('content.page', page.cmid);
    expect(offline.html).toBe(online.html);
    expect(offline.outdated).toBe(false);
  });

  it('a page changed on the portal: the older copy, marked, when the new one cannot be loaded', async () => {
    const f = await boot();
    const page = await pageModule(f);
    const first = await f.call('content.page', page.cmid);
    clock += 60 * 60 * 1000;
    const stored = env.moodle.state.module(page.cmid) as unknown as { content: string; timemodified: number };
    stored.content += '<p>Neu: Aufgabe 7</p>';
    stored.timemodified = Math.floor(clock / 1000);
    await f.runSync(null); // the course now lists the newer index.html
    await stopPortal();
    const older = await f.call('content.page', page.cmid);
    expect(older.outdated).toBe(true);
    expect(older.html).toBe(first.html);
    expect(older.html).not.toContain('Aufgabe 7');
  });

  it('a page never opened: says it is not on this device yet', async () => {
    const f = await boot();
    const page = await pageModule(f);
    await stopPortal();
    await expect(f.call('content.page', page.cmid)).rejects.toMatchObject({ code: 'page-offline' });
  });

  it('"Offline verfügbar" brings the course\'s pages (and their images) onto the device', async () => {
    const f = await boot();
    const page = await pageModule(f);
    await f.call('content.setOffline', 2, true);
    await stopPortal();
    const offline = await f.call('content.page', page.cmid);
    expect(offline.html).toContain('<h3>Kürzen</h3>');
    expect(offline.html).toMatch(/<img src="data:image\/png;base64,/);
  });
});

describe('links of a page', () => {
  it('resolves relative links through main: the page\'s files, site paths; drops unsafe and in-page ones', async () => {
    const f = await boot();
    const page = await pageModule(f);
    const stored = env.moodle.state.module(page.cmid) as unknown as { content: string; contextid: number };
    stored.content += [
      '<p><a href="@@PLUGINFILE@@/pizza_drei_achtel.png">Bild als Datei</a></p>',
      '<p><a href="/course/view.php?id=2">Zum Kurs</a> <a href="../../../../mod/url/view.php?id=4">Zum Link</a></p>',
      '<p><a href="https://www.bpb.de/">bpb</a> <a href="#oben">nach oben</a> <a href="javascript:alert(1)">böse</a></p>',
    ].join('');
    const view = await f.call('content.page', page.cmid);
    const hrefs = [...view.html.matchAll(/<a(?: href="([^"]*)")?>([^<]*)<\/a>/g)].map((m) => [m[2], m[1]?.replace(/&amp;/g, '&') ?? null]);
    expect(hrefs).toEqual([
      ['Bild als Datei', `${env.moodle.url}/pluginfile.php/${stored.contextid}/mod_page/content/0/pizza_drei_achtel.png?forcedownload=1`],
      ['Zum Kurs', `${env.moodle.url}/course/view.php?id=2`],
      ['Zum Link', `${env.moodle.url}/mod/url/view.php?id=4`],
      ['bpb', 'https://www.bpb.de/'],
      ['nach oben', null],
      ['böse', null],
    ]);
    expect(view.html).not.toContain('token');
    expect(view.html).not.toContain(env.moodle.state.requireUser('student1').privateAccessKey);
  });
});
