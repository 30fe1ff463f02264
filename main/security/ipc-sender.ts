/**
 * Who may call the IPC API: only the top frame of our own UI. Portal pages, BBB, subframes and
 * look-alikes such as `app://schuldesk.evil` are refused (electron security checklist §17).
 * The frame URL comes from `event.senderFrame.url`; a destroyed frame gives null.
 */
import { isAppUrl } from './origins';

export function isTrustedSender(frameUrl: string | null | undefined, isMainFrame: boolean): boolean {
  return isMainFrame === true && typeof frameUrl === 'string' && isAppUrl(frameUrl);
}
