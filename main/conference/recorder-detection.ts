/**
 * Screen-recorder detection while a meeting is open. Advisory, like Safe Exam
 * Browser's prohibited-process list: it reads the process list and matches executable names, so
 * renaming a program defeats it. Only the fact and the tool's name are used; nothing is logged
 * about other processes (data minimisation).
 *
 * Pure parts: the command per platform, the parsers of its output, the match, the decision. The
 * conference window runs the command with an injected execFile.
 */

export type RecorderKind = 'recorder' | 'remote-control';

export interface KnownRecorder {
  /** Display name. */
  name: string;
  kind: RecorderKind;
  /** Executable names, lower case, without ".exe" / path. */
  executables: readonly string[];
}

/** Known recording and remote-control tools (Windows, macOS, Linux names). */
export const KNOWN_RECORDERS: readonly KnownRecorder[] = [
  { name: 'OBS Studio', kind: 'recorder', executables: ['obs', 'obs32', 'obs64', 'obs-studio'] },
  { name: 'Streamlabs', kind: 'recorder', executables: ['streamlabs obs', 'streamlabs desktop', 'streamlabs'] },
  { name: 'XSplit', kind: 'recorder', executables: ['xsplit.core', 'xsplitbroadcaster', 'xsplit'] },
  { name: 'Bandicam', kind: 'recorder', executables: ['bdcam', 'bandicam'] },
  { name: 'Camtasia', kind: 'recorder', executables: ['camtasia', 'camtasiastudio', 'camrecorder', 'camtasia 2023', 'camtasia 2024'] },
  { name: 'ShareX', kind: 'recorder', executables: ['sharex'] },
  { name: 'Snagit', kind: 'recorder', executables: ['snagit32', 'snagit', 'snagiteditor', 'snagitcapture'] },
  { name: 'Fraps', kind: 'recorder', executables: ['fraps', 'fraps64'] },
  { name: 'Action!', kind: 'recorder', executables: ['action_x64', 'action'] },
  { name: 'ApowerREC', kind: 'recorder', executables: ['apowerrec'] },
  { name: 'Debut', kind: 'recorder', executables: ['debut'] },
  { name: 'Loom', kind: 'recorder', executables: ['loom'] },
  { name: 'ScreenFlow', kind: 'recorder', executables: ['screenflow'] },
  { name: 'CleanShot X', kind: 'recorder', executables: ['cleanshot x'] },
  { name: 'SimpleScreenRecorder', kind: 'recorder', executables: ['simplescreenrecorder'] },
  { name: 'Kazam', kind: 'recorder', executables: ['kazam'] },
  { name: 'vokoscreenNG', kind: 'recorder', executables: ['vokoscreenng', 'vokoscreen'] },
  { name: 'Kooha', kind: 'recorder', executables: ['kooha'] },
  { name: 'Peek', kind: 'recorder', executables: ['peek'] },
  { name: 'recordMyDesktop', kind: 'recorder', executables: ['recordmydesktop', 'gtk-recordmydesktop'] },
  { name: 'TeamViewer', kind: 'remote-control', executables: ['teamviewer', 'teamviewer_service', 'teamviewerd'] },
  { name: 'AnyDesk', kind: 'remote-control', executables: ['anydesk'] },
  { name: 'RustDesk', kind: 'remote-control', executables: ['rustdesk'] },
  { name: 'VNC', kind: 'remote-control', executables: ['vncserver', 'winvnc', 'tvnserver', 'x11vnc', 'x0vncserver', 'vncagent'] },
  { name: 'Chrome Remote Desktop', kind: 'remote-control', executables: ['remoting_host', 'chrome-remote-desktop-host'] },
  { name: 'Parsec', kind: 'remote-control', executables: ['parsecd'] },
];

export type ProcessListPlatform = 'win32' | 'darwin' | 'linux';

/** How to list process names: `tasklist /fo csv /nh` on Windows, `ps -axo comm=` elsewhere. */
export function processListCommand(platform: NodeJS.Platform): { file: string; args: string[] } {
  if (platform === 'win32') return { file: 'tasklist.exe', args: ['/fo', 'csv', '/nh'] };
  return { file: 'ps', args: ['-axo', 'comm='] };
}

/** Image names from `tasklist /fo csv /nh` ("obs64.exe","1234","Console","1","123.456 K"). */
export function parseTasklistCsv(output: string): string[] {
  const names: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^"([^"]*)"/.exec(line.trim());
    if (match?.[1]) names.push(match[1]);
  }
  return names;
}

/**
 * Names from `ps -axo comm` (with or without the COMM header). macOS prints the full path
 * (/Applications/OBS.app/Contents/MacOS/OBS), Linux the name (at most 15 characters).
 */
export function parsePsComm(output: string): string[] {
  const names: string[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line === 'COMM' || line === 'COMMAND') continue;
    names.push(line);
  }
  return names;
}

/** "C:\\x\\OBS64.EXE" → "obs64"; "/Applications/OBS.app/Contents/MacOS/OBS" → "obs". */
export function executableName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? raw;
  return base.trim().toLowerCase().replace(/\.(exe|app)$/, '');
}

/** Linux truncates comm to 15 characters (TASK_COMM_LEN - 1). */
const LINUX_COMM_LENGTH = 15;

function matches(executable: string, known: string): boolean {
  if (executable === known) return true;
  return executable.length === LINUX_COMM_LENGTH && known.length > LINUX_COMM_LENGTH && known.startsWith(executable);
}

/** The known tools running, each once, in list order. */
export function findRecorders(processNames: readonly string[], known: readonly KnownRecorder[] = KNOWN_RECORDERS): KnownRecorder[] {
  const executables = new Set(processNames.map(executableName));
  return known.filter((tool) => tool.executables.some((name) => [...executables].some((executable) => matches(executable, name))));
}

export type RecorderPolicy = 'off' | 'warn' | 'leave';

export type RecorderDecision =
  | { action: 'none' }
  | { action: 'warn' | 'leave'; tools: string[]; message: { de: string; en: string } };

export function decideRecorders(policy: RecorderPolicy, found: readonly KnownRecorder[]): RecorderDecision {
  if (policy === 'off' || found.length === 0) return { action: 'none' };
  const tools = found.map((tool) => tool.name);
  const list = tools.join(', ');
  if (policy === 'leave') {
    return {
      action: 'leave',
      tools,
      message: {
        de: `Auf diesem Computer läuft ein Aufnahme- oder Fernsteuerungsprogramm (${list}). Deine Schule erlaubt dann keine Teilnahme: Die Konferenz wird verlassen.`,
        en: `A recording or remote-control program is running on this computer (${list}). Your school does not allow joining then: you are leaving the meeting.`,
      },
    };
  }
  return {
    action: 'warn',
    tools,
    message: {
      de: `Auf diesem Computer läuft ein Aufnahme- oder Fernsteuerungsprogramm (${list}). Unterricht darf nicht aufgezeichnet werden. Bitte beende es.`,
      en: `A recording or remote-control program is running on this computer (${list}). Lessons must not be recorded. Please quit it.`,
    },
  };
}

export type ExecFileText = (file: string, args: string[]) => Promise<string>;

/** Runs the platform's process list and returns the known tools found (empty if listing fails). */
export async function scanForRecorders(platform: NodeJS.Platform, execFileText: ExecFileText): Promise<KnownRecorder[]> {
  const { file, args } = processListCommand(platform);
  let output: string;
  try {
    output = await execFileText(file, args);
  } catch {
    return [];
  }
  return findRecorders(platform === 'win32' ? parseTasklistCsv(output) : parsePsComm(output));
}
