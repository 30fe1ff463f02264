/**
 * The conference window's SchulDesk toolbar: a static page without any script (CSP script-src
 * 'none'); preload/conference.ts wires its buttons to main. Pure, so texts and escaping are tested.
 */
import type { Language } from '../../preload/api';

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
    cameraReleased: 'Kamera freigegeben: Du kannst sie jetzt in der Konferenz einschalten.',
    objectionOn: 'Widerspruch aktiv: Dein Bild wird nicht übertragen.',
    objectionForced: 'Deine Schule hat den Widerspruch für alle festgelegt: Dein Bild wird nicht übertragen.',
    protection: {
      full: 'Aufnahmen: Dieses Fenster ist für Bildschirmaufnahmen gesperrt.',
      partial: 'Aufnahmen: macOS sperrt dieses Fenster nur für manche Aufnahmeprogramme. Aufzeichnen ist trotzdem verboten.',
      none: 'Aufnahmen: Auf diesem System kann SchulDesk Bildschirmaufnahmen nicht verhindern. Aufzeichnen ist trotzdem verboten.',
    },
    pickerTitle: 'Bildschirm teilen',
    pickerMessage: 'Was möchtest du teilen? SchulDesk-Fenster werden nicht angeboten.',
    pickerCancel: 'Abbrechen',
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
    cameraReleased: 'Camera allowed: you can now switch it on in the meeting.',
    objectionOn: 'Objection active: your image is not transmitted.',
    objectionForced: 'Your school set the objection for everyone: your image is not transmitted.',
    protection: {
      full: 'Recording: this window is blocked for screen recorders.',
      partial: 'Recording: macOS blocks this window only for some recorders. Recording is forbidden all the same.',
      none: 'Recording: on this system SchulDesk cannot prevent screen recording. Recording is forbidden all the same.',
    },
    pickerTitle: 'Share screen',
    pickerMessage: 'What do you want to share? SchulDesk windows are not offered.',
    pickerCancel: 'Cancel',
  },
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function toolbarStatus(language: Language, state: { cameraReleased: boolean; objection: boolean; objectionForced: boolean }): string {
  const t = TOOLBAR_TEXT[language];
  if (state.objectionForced) return t.objectionForced;
  if (state.objection) return t.objectionOn;
  return state.cameraReleased ? t.cameraReleased : t.cameraOff;
}

export const TOOLBAR_HEIGHT = 56;

export function toolbarHtml(language: Language, protection: CaptureProtection, meetingName: string): string {
  const t = TOOLBAR_TEXT[language];
  const e = escapeHtml;
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(t.title)}</title>
<style>
body{margin:0;font:14px system-ui,sans-serif;background:#1f2933;color:#fff}
nav{display:flex;align-items:center;gap:8px;height:${TOOLBAR_HEIGHT}px;padding:0 12px;box-sizing:border-box}
button{font:inherit;padding:6px 12px;border-radius:6px;border:2px solid #fff;background:#fff;color:#1f2933;cursor:pointer}
button[aria-pressed=true]{background:#ffd54f}
button:disabled{opacity:.6;cursor:not-allowed}
button:focus-visible{outline:3px solid #ffd54f;outline-offset:2px}
#leave{margin-left:auto;background:#c62828;color:#fff;border-color:#c62828}
.info{display:flex;flex-direction:column;font-size:12px;min-width:0}
.info span{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
</style></head><body>
<nav aria-label="${e(t.toolbar)}">
<strong>${e(meetingName)}</strong>
<button id="camera" type="button" aria-pressed="false">${e(t.camera)}</button>
<button id="objection" type="button" aria-pressed="false">${e(t.objection)}</button>
<div class="info"><span id="status" role="status" aria-live="polite">${e(t.cameraOff)}</span><span>${e(t.protection[protection])}</span></div>
<button id="leave" type="button">${e(t.leave)}</button>
</nav></body></html>`;
}

export function toolbarDataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
