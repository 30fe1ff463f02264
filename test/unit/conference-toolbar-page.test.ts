import { describe, expect, it } from 'vitest';
import { captureProtectionFor, escapeHtml, toolbarDataUrl, toolbarHtml, toolbarStatus, toolbarStatusLine, TOOLBAR_TEXT } from '../../main/conference/toolbar-page';

describe('conference toolbar page', () => {
  it('says per OS how far capture protection goes', () => {
    expect(captureProtectionFor('win32')).toBe('full');
    expect(captureProtectionFor('darwin')).toBe('partial');
    expect(captureProtectionFor('linux')).toBe('none');
    const linux = toolbarHtml('de', 'none', 'Mathe');
    expect(linux).toContain('Auf diesem System kann SchulDesk Bildschirmaufnahmen nicht verhindern.');
    expect(toolbarHtml('en', 'partial', 'Maths')).toContain('macOS blocks this window only for some recorders');
  });

  it('has no script, forbids scripts by CSP, and names every control', () => {
    const html = toolbarHtml('de', 'full', 'Mathe');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("default-src 'none'");
    for (const id of ['camera', 'objection', 'leave', 'question-allow', 'question-not-now']) expect(html).toMatch(new RegExp(`<button id="${id}" type="button"[^>]*>[^<]+</button>`));
    // The camera question: hidden until main asks, a labelled group, German first.
    expect(html).toContain('<div id="question" role="group" aria-label="Frage zur Kamera" hidden><span id="question-text">Die Konferenz möchte deine Kamera verwenden.</span>');
    expect(html).toContain('>Freigeben</button><button id="question-not-now" type="button">Nicht jetzt</button>');
    const en = toolbarHtml('en', 'full', 'Maths');
    expect(en).toContain('The meeting wants to use your camera.');
    expect(en).toContain('>Allow</button><button id="question-not-now" type="button">Not now</button>');
    expect(html).toContain('role="status"');
    expect(html).toContain('lang="de"');
  });

  it('escapes the meeting name (it comes from the portal)', () => {
    const html = toolbarHtml('de', 'full', '<img src=x onerror=alert(1)> & "Mathe"');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Mathe&quot;');
    expect(escapeHtml("'")).toBe('&#39;');
    expect(decodeURIComponent(toolbarDataUrl(html).replace(/^data:text\/html;charset=utf-8,/, ''))).toBe(html);
  });

  it('status: forced objection, own objection, camera released, camera off', () => {
    expect(toolbarStatus('de', { cameraReleased: true, objection: true, objectionForced: true })).toBe(TOOLBAR_TEXT.de.objectionForced);
    expect(toolbarStatus('de', { cameraReleased: true, objection: true, objectionForced: false })).toBe(TOOLBAR_TEXT.de.objectionOn);
    expect(toolbarStatus('en', { cameraReleased: true, objection: false, objectionForced: false })).toBe(TOOLBAR_TEXT.en.cameraReleased);
    expect(toolbarStatus('de', { cameraReleased: false, objection: false, objectionForced: false })).toBe('Deine Kamera ist aus.');
    expect(toolbarStatus('de', { cameraReleased: false, objection: false, objectionForced: false, question: 'camera' })).toBe('Die Konferenz möchte deine Kamera verwenden.');
    // Under objection there is no question to show.
    expect(toolbarStatus('de', { cameraReleased: false, objection: true, objectionForced: false, question: 'camera' })).toBe(TOOLBAR_TEXT.de.objectionOn);
  });

  it('German and English say the same things, and say what the student sees when main ends a capture', () => {
    const keys = (value: object): string[] => Object.entries(value).flatMap(([key, v]) => (typeof v === 'object' && !Array.isArray(v) ? keys(v as object).map((k) => `${key}.${k}`) : [key]));
    expect(keys(TOOLBAR_TEXT.en).sort()).toEqual(keys(TOOLBAR_TEXT.de).sort());
    for (const text of Object.values(TOOLBAR_TEXT.de.ended)) expect(text).toMatch(/neu verbunden/);
    expect(TOOLBAR_TEXT.de.ended.objection).toContain('ohne Kamera wieder dabei');
    expect(TOOLBAR_TEXT.en.ended.objection).toContain('back without camera');
    // What main just did replaces the standing state in the status line (the toggles show that state).
    const ended = toolbarStatusLine('de', { cameraReleased: false, objection: true, objectionForced: false }, { notice: TOOLBAR_TEXT.de.ended.objection, warning: '' });
    expect(ended).toBe(TOOLBAR_TEXT.de.ended.objection);
    expect(toolbarStatusLine('de', { cameraReleased: false, objection: true, objectionForced: false }, { notice: '', warning: 'OBS läuft.' })).toBe(`${TOOLBAR_TEXT.de.objectionOn} OBS läuft.`);
  });
});
