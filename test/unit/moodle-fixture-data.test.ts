import { inflateSync, crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bbbChecksum, signedBbbUrl, verifyBbbChecksum } from '../fixtures/moodle/bbb';
import { FaultInjector } from '../fixtures/moodle/faults';
import { displaySize, makeFractionPizzaPng, makePdf, mimeInfo } from '../fixtures/moodle/files';
import { createSchoolSeed } from '../fixtures/moodle/seed';
import { formatSiteDay, formatSiteTime, siteDayAt, siteMidnight, zoneOffsetSeconds } from '../fixtures/moodle/time';

describe('generated files', () => {
  it('makes a PDF whose cross-reference table points at its objects', () => {
    const pdf = makePdf('Übung – Brüche', ['Zähler (oben) und Nenner', '20 % von 80 € = 16 €']);
    expect(pdf.subarray(0, 16).toString('hex')).toBe('255044462d312e340a25e2e3cfd30a31');
    const text = pdf.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, index) => expect(text.slice(offset, offset + 8)).toBe(`${index + 1} 0 obj\n`));
    // WinAnsi bytes for ü, €, –
    expect(pdf.includes(Buffer.from([0xfc]))).toBe(true);
    expect(pdf.includes(Buffer.from([0x80]))).toBe(true);
    expect(pdf.includes(Buffer.from([0x96]))).toBe(true);
  });

  it('makes a valid PNG (signature, chunk CRCs, pixel data size)', () => {
    const png = makeFractionPizzaPng(3, 8, 64);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    let offset = 8;
    const chunks: string[] = [];
    let idat = Buffer.alloc(0);
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const type = png.subarray(offset + 4, offset + 8).toString('ascii');
      const data = png.subarray(offset + 8, offset + 8 + length);
      expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0);
      if (type === 'IDAT') idat = Buffer.concat([idat, data]);
      chunks.push(type);
      offset += 12 + length;
    }
    expect(chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(inflateSync(idat).length).toBe((64 * 3 + 1) * 64);
  });

  it('knows Moodle mimetypes, icons and size texts', () => {
    expect(mimeInfo('Arbeitsblatt.PDF')).toEqual({ mimetype: 'application/pdf', icon: 'f/pdf', description: 'PDF document' });
    expect(mimeInfo('Leseliste.txt').icon).toBe('f/text');
    expect(mimeInfo('ohne-endung').mimetype).toBe('application/octet-stream');
    expect([displaySize(75), displaySize(1160), displaySize(1634), displaySize(5 * 1024 * 1024)]).toEqual(['75 bytes', '1.1 KB', '1.6 KB', '5 MB']);
  });
});

describe('site time (Europe/Berlin)', () => {
  it('reproduces the recorded dates from the recording time', () => {
    const recordedNow = 1795347646; // 2026-11-22 12:40:46 Berlin
    expect(siteDayAt(recordedNow, 7, 23, 59)).toBe(1795993140); // "due next week"
    expect(siteDayAt(recordedNow, -3, 18)).toBe(1795107600); // Wochenplan Geometrie
    expect(siteDayAt(recordedNow, 14, 8)).toBe(1796540400); // grading due
    expect(siteDayAt(recordedNow, -60, 0)).toBe(1790114400); // course start (summer time)
    expect(siteDayAt(recordedNow, 300, 0)).toBe(1821218400); // course end
    expect(siteMidnight(1795107600)).toBe(1795042800);
    expect(formatSiteDay(1795107600)).toBe('Thursday, 19 November');
    expect(formatSiteTime(1795107600)).toBe('6:00 PM');
  });

  it('follows daylight saving time', () => {
    expect(zoneOffsetSeconds(Date.parse('2027-01-15T12:00:00Z') / 1000)).toBe(3600);
    expect(zoneOffsetSeconds(Date.parse('2027-07-15T12:00:00Z') / 1000)).toBe(7200);
    // 2027-03-28: clocks go forward; midnight is still 23:00 UTC the day before.
    expect(new Date(siteMidnight(Date.parse('2027-03-28T12:00:00Z') / 1000) * 1000).toISOString()).toBe('2027-03-27T23:00:00.000Z');
  });
});

describe('BBB checksums', () => {
  it('signs with sha256(call + query + secret) and verifies only untampered queries', () => {
    const url = signedBbbUrl('http://bbb/bigbluebutton/', 'geheim', 'join', { meetingID: 'a-2-1[0]', fullName: 'Lena Müller', role: 'VIEWER' });
    const query = url.split('?')[1] ?? '';
    expect(query.startsWith('meetingID=a-2-1%5B0%5D&fullName=Lena+M%C3%BCller&role=VIEWER&checksum=')).toBe(true);
    const signed = query.replace(/&checksum=.*/, '');
    expect(query.endsWith(bbbChecksum('join', signed, 'geheim'))).toBe(true);
    expect(verifyBbbChecksum('join', query, 'geheim')).toBe(true);
    expect(verifyBbbChecksum('join', query.replace('VIEWER', 'MODERATOR'), 'geheim')).toBe(false);
    expect(verifyBbbChecksum('create', query, 'geheim')).toBe(false);
  });
});

describe('fault injector', () => {
  it('fires N times for matching path and function, prefixes with *', () => {
    const faults = new FaultInjector();
    faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'core_course_get_contents', times: 2, fault: { type: 'status', status: 502 } });
    faults.inject({ path: '/webservice/pluginfile.php/*', fault: { type: 'reset' } });
    expect(faults.take('/webservice/rest/server.php', 'core_webservice_get_site_info')).toBeNull();
    expect(faults.take('/webservice/rest/server.php', 'core_course_get_contents')).toEqual({ type: 'status', status: 502 });
    expect(faults.pending()).toBe(2);
    expect(faults.take('/webservice/pluginfile.php/17/mod_resource/content/0/a.pdf', null)).toEqual({ type: 'reset' });
    expect(faults.take('/webservice/rest/server.php', 'core_course_get_contents')).not.toBeNull();
    expect(faults.take('/webservice/rest/server.php', 'core_course_get_contents')).toBeNull();
    expect(faults.pending()).toBe(0);
  });
});

describe('school seed', () => {
  it('has the recorded ids and unique ids in generated courses', () => {
    const seed = createSchoolSeed({ now: Date.parse('2026-11-22T11:40:46Z'), courseCount: 14 });
    expect(seed.courses.map((c) => c.shortname).slice(0, 3)).toEqual(['MA7B', 'DE7B', 'EN7B']);
    expect(seed.users.find((u) => u.username === 'student1')).toMatchObject({ id: 4, firstname: 'Lena', lastname: 'Müller', contextid: 12 });
    const modules = seed.courses.flatMap((c) => c.sections.flatMap((s) => s.modules));
    const unique = (values: (number | string)[]): boolean => new Set(values).size === values.length;
    expect(unique(modules.map((m) => m.cmid))).toBe(true);
    expect(unique([...modules.map((m) => m.contextid), ...seed.courses.map((c) => c.contextid), ...seed.users.map((u) => u.contextid)])).toBe(true);
    expect(unique(seed.courses.flatMap((c) => c.sections.map((s) => s.id)))).toBe(true);
    expect(unique(seed.courses.map((c) => c.shortname))).toBe(true);
    const assigns = modules.filter((m) => m.modname === 'assign');
    expect(unique(assigns.map((a) => a.instance))).toBe(true);
    expect(unique(assigns.flatMap((a) => (a.modname === 'assign' ? [a.dueEventId, ...(a.gradingDueEventId ? [a.gradingDueEventId] : [])] : [])))).toBe(true);
    const cm6 = modules.find((m) => m.cmid === 6);
    expect(cm6?.modname === 'assign' && cm6.duedate).toBe(1795993140);
  });
});
