/**
 * What the desktop hands to the system's program (main/content/service.ts): only documents,
 * pictures, sound and video, judged on the portal's name AND the name on disk; and the name on
 * disk always ends as the name that was judged (a long "….exe.pdf" must not become "….exe").
 */
import { describe, expect, it } from 'vitest';
import { cacheFileName, opensWithSystem } from '../../main/content/service';

describe('opensWithSystem', () => {
  it.each(['Arbeitsblatt.pdf', 'foto.JPG', 'Referat.pptx', 'Aufnahme.m4a', 'Tabelle.ods', 'Bruch.ggb', 'notizen.txt'])('opens %s', (name) => {
    expect(opensWithSystem(name)).toBe(true);
  });

  it.each([
    'Spiel.exe', 'setup.msi', 'start.bat', 'skript.ps1', 'link.lnk', 'seite.html', 'bild.svg', 'makro.docm', 'tabelle.xlsm',
    'noextension', 'trailing.exe.', 'trailing.exe ', 'archiv.zip', 'x.pdf.exe', 'app.AppImage', 'verknuepfung.url',
  ])('refuses %s', (name) => {
    expect(opensWithSystem(name)).toBe(false);
  });

  it('refuses when any of the names is not a document', () => {
    expect(opensWithSystem('Arbeitsblatt.pdf', 'abc-Arbeitsblatt.exe')).toBe(false);
    expect(opensWithSystem()).toBe(false);
  });
});

describe('cacheFileName', () => {
  it('keeps the extension when a long name is cut', () => {
    const name = `${'A'.repeat(76)}.exe.pdf`;
    const onDisk = cacheFileName('ref-1', name);
    expect(onDisk.endsWith('.pdf')).toBe(true);
    expect(onDisk.length).toBeLessThanOrEqual(24 + 1 + 60 + 1 + 16);
    expect(opensWithSystem(name, onDisk)).toBe(true);
    // The cut stem cannot end in ".exe" followed by nothing.
    expect(onDisk).not.toMatch(/\.exe$/);
  });

  it('drops trailing dots and spaces (Windows would drop them and change the type)', () => {
    expect(cacheFileName('ref', 'Spiel.exe.')).toMatch(/-Spiel\.exe$/);
    expect(cacheFileName('ref', 'bild.png   ')).toMatch(/-bild\.png$/);
  });

  it('makes separators and odd characters safe, keeps German letters', () => {
    expect(cacheFileName('ref', '../../Übung 1: Brüche.pdf')).toMatch(/^[0-9a-f]{24}-\.\._\.\._Übung_1__Brüche\.pdf$/);
    expect(cacheFileName('ref', '...')).toMatch(/^[0-9a-f]{24}-datei$/);
  });

  it('gives each reference its own name', () => {
    expect(cacheFileName('a', 'x.pdf')).not.toBe(cacheFileName('b', 'x.pdf'));
  });
});
