/** The guard peer's Electron port (main/electron/conference-window.ts); absent in the browser shell. */
export type OpenConferenceWindow = (options: { joinUrl: string; role: 'moderator' | 'viewer'; accountId: string; meetingName: string }) => void | Promise<void>;
