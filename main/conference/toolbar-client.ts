/**
 * The script side of the conference toolbar (main/conference/toolbar-page.ts has no script of its
 * own): preload/conference.ts runs it in the toolbar view with a bridge to main's IPC. It renders
 * ToolbarState (toggle states, the camera question, the live status line) and sends ToolbarActions.
 *
 * Self-contained on purpose (no runtime imports, no outer references): test/e2e/conference-toolbar
 * serializes it into Chromium with a fake bridge and drives the real toolbar page.
 */
import type { ToolbarAction, ToolbarState } from './window-channels';

export interface ToolbarBridge {
  send(action: ToolbarAction): void;
  subscribe(listener: (state: ToolbarState) => void): void;
}

export function runToolbarClient(bridge: ToolbarBridge, doc: Document): void {
  let state: ToolbarState | null = null;
  let questionOpen = false;
  const button = (id: string): HTMLButtonElement | null => {
    const element = doc.getElementById(id);
    return element && element.tagName === 'BUTTON' ? (element as HTMLButtonElement) : null;
  };
  const render = (): void => {
    if (!state) return;
    const camera = button('camera');
    if (camera) {
      // A toggle: pressed = released for this meeting; pressing it again withdraws the camera.
      camera.setAttribute('aria-pressed', String(state.cameraReleased));
      camera.disabled = state.objection;
    }
    const objection = button('objection');
    if (objection) {
      objection.setAttribute('aria-pressed', String(state.objection));
      objection.disabled = state.objectionForced;
    }
    const question = doc.getElementById('question');
    if (question) {
      const open = state.question === 'camera' && !state.objection;
      question.hidden = !open;
      // The question takes the focus once when it appears (like a dialog), so keyboard and
      // screen-reader users meet it; the status line announces it as well. The focus goes to the
      // safe answer "Nicht jetzt": the page chooses the moment it asks, so a key the student was
      // pressing in BBB (Enter or Space in the chat) must never land on "Freigeben".
      if (open && !questionOpen) button('question-not-now')?.focus();
      questionOpen = open;
    }
    const status = doc.getElementById('status');
    if (status && status.textContent !== state.status) status.textContent = state.status;
  };
  bridge.subscribe((next) => {
    if (typeof next !== 'object' || next === null || typeof next.status !== 'string') return;
    state = next;
    render();
  });
  const wire = (): void => {
    button('camera')?.addEventListener('click', () => bridge.send(state?.cameraReleased ? 'withdraw-camera' : 'release-camera'));
    button('objection')?.addEventListener('click', () => bridge.send(state?.objection ? 'objection-off' : 'objection-on'));
    button('leave')?.addEventListener('click', () => bridge.send('leave'));
    button('question-allow')?.addEventListener('click', () => bridge.send('camera-allow'));
    button('question-not-now')?.addEventListener('click', () => bridge.send('camera-not-now'));
    doc.getElementById('question')?.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Escape') bridge.send('camera-not-now');
    });
    render();
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', wire, { once: true });
  else wire();
}
