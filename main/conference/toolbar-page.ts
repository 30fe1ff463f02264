/**
 * The conference window's SchulDesk toolbar: a static page without any script (CSP script-src
 * 'none'); preload/conference.ts runs main/conference/toolbar-client.ts, which wires its buttons to
 * main. Pure, so texts and escaping are tested.
 */
import type { Language } from '../../preload/api';
import type { EndReason } from './capture-control';

/** How far the OS keeps screen recorders out of the window (setContentProtection). */
export type CaptureProtection = 'full' | 'partial' | 'none';

export function captureProtectionFor(platform: NodeJS.Platform): CaptureProtection {
  if (platform === 'win32') return 'full'; // WDA_EXCLUDEFROMCAPTURE (Windows 10 2004+)
  if (platform === 'darwin') return 'partial'; // ScreenCaptureKit apps capture anyway (macOS 15+)
  return 'none'; // Linux: no API
}

export const TOOLBAR_TEXT = {
  de: {
    title: 'SchulDesk – Unterricht',
    toolbar: 'SchulDesk-Leiste',
    camera: 'Kamera freigeben',
    objection: 'Ich widerspreche der Übertragung meines Bildes',
    leave: 'Konferenz verlassen',
    confirmOffTitle: 'Widerspruch zurücknehmen?',
    confirmOffMessage: 'Möchtest du den Widerspruch gegen die Übertragung deines Bildes wirklich zurücknehmen? Deine Kamera bleibt aus, bis du sie selbst freigibst.',
    confirmOffButtons: ['Widerspruch zurücknehmen', 'Abbrechen'] as [string, string],
    cameraOff: 'Deine Kamera ist aus.',
    cameraReleased: 'Kamera freigegeben: Du kannst sie jetzt in der Konferenz einschalten. Nochmals „Kamera freigeben“ drücken sperrt sie wieder.',
    objectionOn: 'Widerspruch aktiv: Dein Bild wird nicht übertragen.',
    objectionForced: 'Deine Schule hat den Widerspruch für alle festgelegt: Dein Bild wird nicht übertragen.',
    question: 'Die Konferenz möchte deine Kamera verwenden.',
    questionAllow: 'Freigeben',
    questionNotNow: 'Nicht jetzt',
    questionLabel: 'Frage zur Kamera',
    questionTimedOut: 'Keine Antwort: Deine Kamera bleibt aus.',
    refusedObjection: 'Die Konferenz wollte deine Kamera verwenden: abgelehnt, weil dein Widerspruch aktiv ist.',
    refusedForced: 'Die Konferenz wollte deine Kamera verwenden: abgelehnt, weil deine Schule den Widerspruch für alle festgelegt hat.',
    ended: {
      objection: 'Dein Widerspruch gilt: SchulDesk hat deine Kamera beendet und die Konferenz neu verbunden. Du bist ohne Kamera wieder dabei.',
      'camera-withdrawn': 'Kamera gesperrt: SchulDesk hat sie beendet und die Konferenz neu verbunden. Du bist ohne Kamera wieder dabei.',
      'screen-withdrawn': 'Bildschirm teilen ist für dich nicht mehr erlaubt: SchulDesk hat die Freigabe beendet und die Konferenz neu verbunden.',
      'unpicked-screen-capture': 'Die Konferenz wollte etwas anderes aufnehmen als das, was du ausgewählt hast: SchulDesk hat die Freigabe beendet und die Konferenz neu verbunden.',
    } satisfies Record<EndReason, string>,
    protection: {
      full: 'Aufnahmen: Dieses Fenster ist für Bildschirmaufnahmen gesperrt.',
      partial: 'Aufnahmen: macOS sperrt dieses Fenster nur für manche Aufnahmeprogramme. Aufzeichnen ist trotzdem verboten.',
      none: 'Aufnahmen: Auf diesem System kann SchulDesk Bildschirmaufnahmen nicht verhindern. Aufzeichnen ist trotzdem verboten.',
    },
    pickerTitle: 'Bildschirm teilen',
    pickerMessage: 'Was möchtest du teilen? SchulDesk-Fenster werden nicht angeboten.',
    pickerCancel: 'Abbrechen',
    pickerStop: 'Nicht mehr fragen',
    screenStopped: 'Bildschirm teilen ist in dieser Konferenz gesperrt: SchulDesk zeigt die Auswahl nicht mehr an.',
  },
  en: {
    title: 'SchulDesk – Lesson',
    toolbar: 'SchulDesk bar',
    camera: 'Allow camera',
    objection: 'I object to transmitting my image',
    leave: 'Leave meeting',
    confirmOffTitle: 'Withdraw objection?',
    confirmOffMessage: 'Do you really want to withdraw your objection to transmitting your image? Your camera stays off until you allow it yourself.',
    confirmOffButtons: ['Withdraw objection', 'Cancel'] as [string, string],
    cameraOff: 'Your camera is off.',
    cameraReleased: 'Camera allowed: you can now switch it on in the meeting. Press "Allow camera" again to block it.',
    objectionOn: 'Objection active: your image is not transmitted.',
    objectionForced: 'Your school set the objection for everyone: your image is not transmitted.',
    question: 'The meeting wants to use your camera.',
    questionAllow: 'Allow',
    questionNotNow: 'Not now',
    questionLabel: 'Camera question',
    questionTimedOut: 'No answer: your camera stays off.',
    refusedObjection: 'The meeting wanted to use your camera: refused because your objection is active.',
    refusedForced: 'The meeting wanted to use your camera: refused because your school set the objection for everyone.',
    ended: {
      objection: 'Your objection applies: SchulDesk ended your camera and reconnected the meeting. You are back without camera.',
      'camera-withdrawn': 'Camera blocked: SchulDesk ended it and reconnected the meeting. You are back without camera.',
      'screen-withdrawn': 'Sharing your screen is no longer allowed for you: SchulDesk ended it and reconnected the meeting.',
      'unpicked-screen-capture': 'The meeting tried to capture something other than what you picked: SchulDesk ended the sharing and reconnected the meeting.',
    } satisfies Record<EndReason, string>,
    protection: {
      full: 'Recording: this window is blocked for screen recorders.',
      partial: 'Recording: macOS blocks this window only for some recorders. Recording is forbidden all the same.',
      none: 'Recording: on this system SchulDesk cannot prevent screen recording. Recording is forbidden all the same.',
    },
    pickerTitle: 'Share screen',
    pickerMessage: 'What do you want to share? SchulDesk windows are not offered.',
    pickerCancel: 'Cancel',
    pickerStop: "Don't ask again",
    screenStopped: 'Screen sharing is blocked in this meeting: SchulDesk no longer shows the picker.',
  },
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function toolbarStatus(language: Language, state: { cameraReleased: boolean; objection: boolean; objectionForced: boolean; question?: 'camera' | null }): string {
  const t = TOOLBAR_TEXT[language];
  if (state.objectionForced) return t.objectionForced;
  if (state.objection) return t.objectionOn;
  if (state.question === 'camera') return t.question;
  return state.cameraReleased ? t.cameraReleased : t.cameraOff;
}

/**
 * The live status line as main sends it: what main just did or refused (notice) in place of the
 * standing state — the toggles show that state too, and both together did not fit the toolbar —,
 * then a recorder warning.
 */
export function toolbarStatusLine(
  language: Language,
  state: { cameraReleased: boolean; objection: boolean; objectionForced: boolean; question?: 'camera' | null },
  extras: { notice: string; warning: string },
): string {
  return [extras.notice !== '' ? extras.notice : toolbarStatus(language, state), extras.warning].filter((part) => part !== '').join(' ');
}

/**
 * Two rows: the controls, then the camera question (when open) beside the live status line and the
 * recording note. One row of 56 px cut the question and the status off (measured in Chromium:
 * test/e2e/conference-toolbar.test.ts checks every text main can show at 1280 and 1000 px).
 */
export const TOOLBAR_HEIGHT = 80;

export function toolbarHtml(language: Language, protection: CaptureProtection, meetingName: string): string {
  const t = TOOLBAR_TEXT[language];
  const e = escapeHtml;
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(t.title)}</title>
<style>
body{margin:0;font:14px/1.2 system-ui,sans-serif;background:#1f2933;color:#fff;overflow:hidden}
nav{display:flex;flex-direction:column;justify-content:center;gap:4px;height:${TOOLBAR_HEIGHT}px;padding:4px 12px;box-sizing:border-box}
.row{display:flex;align-items:center;gap:8px;min-width:0}
strong{min-width:0;max-width:16em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
button{flex:none;white-space:nowrap;font:inherit;padding:6px 12px;border-radius:6px;border:2px solid #fff;background:#fff;color:#1f2933;cursor:pointer}
button[aria-pressed=true]{background:#ffd54f}
button:disabled{opacity:.6;cursor:not-allowed}
button:focus-visible{outline:3px solid #ffd54f;outline-offset:2px}
#question{flex:none;display:flex;align-items:center;gap:8px;padding:2px 8px;border-radius:6px;background:#ffd54f;color:#1f2933}
#question[hidden]{display:none}
#question button{padding:3px 10px}
#leave{margin-left:auto;background:#c62828;color:#fff;border-color:#c62828}
.info{flex:1 1 auto;min-width:0;display:flex;flex-direction:column;font-size:12px}
#question:not([hidden])+.info #status{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
</style></head><body>
<nav aria-label="${e(t.toolbar)}">
<div class="row"><strong title="${e(meetingName)}">${e(meetingName)}</strong>
<button id="camera" type="button" aria-pressed="false">${e(t.camera)}</button>
<button id="objection" type="button" aria-pressed="false">${e(t.objection)}</button>
<button id="leave" type="button">${e(t.leave)}</button></div>
<div class="row"><div id="question" role="group" aria-label="${e(t.questionLabel)}" hidden><span id="question-text">${e(t.question)}</span>
<button id="question-allow" type="button">${e(t.questionAllow)}</button><button id="question-not-now" type="button">${e(t.questionNotNow)}</button></div>
<div class="info"><span id="status" role="status" aria-live="polite">${e(t.cameraOff)}</span><span id="protection">${e(t.protection[protection])}</span></div></div>
</nav></body></html>`;
}

export function toolbarDataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
