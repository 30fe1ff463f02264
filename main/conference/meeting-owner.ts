/**
 * A meeting belongs to the account that was current and signed in when it opened. When that
 * changes — logout (on a loaner laptop also the idle logout), switch, removal, a sign-in that
 * expired — the meeting window closes: the next student at the laptop must not find the previous
 * one's lesson (name, chat, microphone) on screen. Pure, so the rule is tested without Electron.
 */
export interface CurrentAccountMoment {
  id: string;
  signedIn: boolean;
}

export function meetingsMustClose(openedFor: string | null, current: CurrentAccountMoment | null): boolean {
  if (openedFor === null) return false;
  return current === null || current.id !== openedFor || !current.signedIn;
}
