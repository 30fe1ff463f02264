import type { Translation } from './de';
import { itEn } from './it.en';
import { assignmentsEn } from './assignments.en';
import { outboxEn } from './outbox.en';
import { conferenceEn } from './conference.en';
import { syncEn } from './sync.en';
import { contentEn } from './content.en';
import { portalEn } from './portal.en';
import { errorTexts } from './errors';

/** English texts. Typed as `Translation`, so a key missing here (or extra) is a compile error. */
export const en: Translation = {
  app: {
    name: 'SchulDesk',
    loading: 'Loading SchulDesk …',
    loadingScreen: 'Loading …',
    chunkFailed: 'This part of SchulDesk could not be loaded.',
    skipLink: 'Skip to content',
    navLabel: 'Main navigation',
    statusLabel: 'Connection status',
    versionLine: 'Version {{version}} · {{shell}}',
    shell: {
      electron: 'Desktop app',
      browser: 'Browser mode',
    },
  },
  nav: {
    start: 'Start',
    kurse: 'Courses',
    aufgaben: 'Assignments',
    konferenzen: 'Conferences',
    einstellungen: 'Settings',
    postausgang: 'Outbox',
    datenschutz: 'Privacy',
    diagnose: 'Diagnostics',
  },
  bridgeMissing: {
    title: 'SchulDesk is not running',
    intro: 'This page is only the user interface of SchulDesk. It needs the SchulDesk program in the background, and that is not connected right now.',
    howTo: 'How to start SchulDesk:',
    stepInstalled: 'On a school device: open SchulDesk from the Start menu or the Applications folder.',
    stepDeveloper: 'When developing: run npm start in the project folder.',
    stepBrowser: 'In browser mode (npm run web): open the complete address shown in the terminal, including the #secret=… part at the end.',
  },
  appError: {
    title: 'No connection to SchulDesk',
    body: 'The user interface cannot reach the SchulDesk program (error code: {{code}}). Is SchulDesk still running?',
    retry: 'Try again',
  },
  connectivity: {
    checking: 'Checking connection …',
    online: 'Online',
    'portal-unreachable': 'Portal unreachable',
    offline: 'Offline',
    syncing: 'Syncing …',
    lastSync: 'As of {{time}}',
    neverSynced: 'Not synced yet',
    announce: 'Connection: {{status}}',
    offlineHint: 'You are offline. Everything already on this device stays readable.',
  },
  start: {
    title: 'Welcome to SchulDesk',
    todayTitle: 'Today',
    stand: 'As of {{time}} ({{age}})',
    standNever: 'Not synced yet – this overview fills up after the first sync with the portal.',
    offlineStand: 'Offline: you are seeing the state of {{time}} ({{age}}).',
    offlineNever: 'Offline, and nothing synced yet.',
    loading: 'Loading your day …',
    loadFailed: 'The overview could not be loaded.',
    rooms: {
      title: 'Conferences now',
      running: 'running',
      waiting: 'waiting for the teacher',
      join: 'Join',
      joinLabel: 'Join “{{name}}”',
      none: 'No conference is running right now.',
      loading: 'Checking conferences …',
      unavailable: 'SchulDesk can only see whether a conference is running while it reaches the portal.',
      all: 'All conferences',
    },
    deadlines: {
      title: 'Deadlines',
      none: 'No upcoming deadlines.',
      overdue: 'overdue',
      due: 'due {{time}}',
      all: 'All assignments',
    },
    outbox: {
      title: 'Outbox',
      waiting_one: '{{count}} submission is waiting to be sent',
      waiting_other: '{{count}} submissions are waiting to be sent',
      reason: {
        offline: 'The portal cannot be reached right now. SchulDesk sends as soon as it can.',
        waiting: 'Please sign in again, then it will be sent.',
        failed: 'Not sent: {{error}}',
        conflict: 'The portal has a different version – please decide in the outbox.',
        retry: 'Next attempt at {{time}}.',
        due: 'Will be sent in a moment.',
      },
      handin: 'Hand-in',
      save: 'Draft',
      open: 'Go to the outbox',
    },
    news: {
      title: 'New since your last visit',
      since: 'Last visit: {{time}}',
      none: 'Nothing new since your last visit.',
      seen: 'Mark as seen',
      seenDone: 'Marked as seen.',
      kind: {
        material: { new: 'New material', changed: 'Material changed' },
        assignment: { new: 'New assignment', changed: 'Assignment changed' },
        grade: { new: 'New grade', changed: 'Grade changed' },
        feedback: { new: 'New feedback', changed: 'Feedback changed' },
      },
    },
    intro: 'SchulDesk brings your learning platform to your school laptop, so you can keep working even when the portal is slow or unreachable.',
    featuresTitle: 'What SchulDesk does for you',
    features: {
      courses: 'Courses and materials from your school (Moodle); what you opened stays readable offline.',
      assignments: 'Work on assignments offline: drafts are saved as you type and sent as soon as the portal is reachable again.',
      conferences: 'Video conferences (BigBlueButton) through your school portal, with the camera off at the start and no recording.',
      privacy: 'Privacy first: SchulDesk sends no usage data and connects only to your school’s portals.',
    },
    storeNotice: {
      salvaged:
        'SchulDesk’s data file was damaged. SchulDesk created a new one and recovered from it – drafts: {{drafts}}, waiting submissions: {{outbox}}, accounts: {{accounts}}; courses and assignments are being loaded again.',
      'salvaged-newer-version':
        'The data file comes from a newer SchulDesk version. SchulDesk created a new one and recovered from it – drafts: {{drafts}}, waiting submissions: {{outbox}}, accounts: {{accounts}}; courses and assignments are being loaded again.',
      'started-empty':
        'SchulDesk’s data file was damaged and could no longer be read. SchulDesk started again with an empty one; the old file is kept for IT.',
      'damaged-restart':
        'SchulDesk’s data file is damaged. Please restart SchulDesk: it will be repaired at start and your drafts recovered.',
      dismiss: 'Got it',
    },
  },
  kurse: {
    title: 'Courses',
    emptyTitle: 'No courses yet',
    emptyBody: 'Sign in to your school to see your courses and materials.',
  },
  aufgaben: assignmentsEn,
  konferenzen: {
    title: 'Conferences',
    emptyTitle: 'No conferences yet',
    emptyBody: 'Sign in to your school to see the video conferences of your courses.',
    rulesTitle: 'Rules for video conferences',
    rules: {
      noRecording: 'Do not record, neither picture nor sound.',
      noListeners: 'Do not let other people listen or watch.',
      noPublic: 'Do not take part from public places.',
      mute: 'Mute your microphone when you are not speaking.',
      noSensitive: 'Do not mention especially sensitive data, for example about health.',
    },
  },
  loginPending: 'Signing in to your school comes with one of the next versions of SchulDesk.',
  settings: {
    title: 'Settings',
    intro: 'What your school sets for this device is locked and marked “set by your school”.',
    loading: 'Loading settings …',
    loadFailed: 'The settings could not be loaded.',
    retry: 'Load again',
    lockedNote: 'set by your school',
    itOnlyNote: 'Only school IT can change this',
    reset: 'Reset',
    saved: 'Saved: {{label}}',
    resetDone: 'Reset: {{label}}',
    saveFailed: '{{label}}: {{message}}',
    groups: {
      general: 'General',
      notifications: 'Notifications',
      conference: 'Conferences',
      offline: 'Offline',
      device: 'Device',
      updates: 'Updates',
      portals: 'School and portals',
      network: 'Network',
      other: 'More settings',
    },
    values: {
      on: 'On',
      off: 'Off',
      notSet: 'Not set (default)',
      emptyList: 'None',
      certificates_one: '{{count}} certificate configured',
      certificates_other: '{{count}} certificates configured',
    },
    units: {
      mb: 'MB',
      minutes: 'minutes',
    },
    keys: {
      language: {
        label: 'User interface language',
        hint: 'SchulDesk shows menus and notices in this language. Content from the learning platform keeps its own language.',
      },
      portals: {
        label: 'School learning platforms',
        hint: 'The Moodle portals SchulDesk may connect to.',
      },
      allowUserPortals: {
        label: 'Allow user-added portals',
        hint: 'Whether additional Moodle addresses may be added.',
      },
      ssoIdentityProviderOrigins: {
        label: 'Allowed sign-in services',
        hint: 'Sign-in services (single sign-on) the sign-in window may be redirected to. Empty: any over https.',
      },
      cameraGate: {
        label: 'Camera only after consent',
        hint: 'The camera is off at the start of every video conference. The conference may use it only after you turn it on yourself.',
      },
      objectionForced: {
        label: 'Objection to video transmission for everyone',
        hint: 'When on, no camera can be opened in video conferences on this device (objection under Art. 21 GDPR).',
      },
      localRecordingForModerators: {
        label: 'Local recording by moderators',
        hint: 'Whether the conference page may record for teachers as moderators (MediaRecorder, captureStream). The window\'s content protection and the download block stay. Recording stays blocked for everyone else.',
      },
      screenSharingRoles: {
        label: 'Screen sharing allowed for',
        hint: 'Who may share their screen in video conferences.',
      },
      recorderDetection: {
        label: 'Detection of recording software',
        hint: 'What happens when known recording software runs during a conference.',
      },
      extraBbbHosts: {
        label: 'Additional BigBlueButton servers',
        hint: 'Further conference servers the conference window may load.',
      },
      offlineEnabled: {
        label: 'Keep content offline',
        hint: 'Files from courses and assignments stay on this device and open without a connection. When off, SchulDesk keeps no files. Drafts are always saved.',
      },
      offlineStorageBudgetMb: {
        label: 'Storage for offline content',
        hint: 'Offline content uses at most this much space. Drafts are never removed.',
      },
      prefetch: {
        label: 'Download content in advance',
        hint: 'What SchulDesk downloads in the background while syncing so it is available offline. Works only while content is kept offline.',
      },
      sharedDevice: {
        label: 'Shared device',
        hint: 'A loaner used by several people: your data is removed at sign-out, once your work has been sent.',
      },
      idleLogoutMinutes: {
        label: 'Automatic sign-out after',
        hint: 'Without input you are signed out after this time. Unsent drafts are kept.',
      },
      dataDirectory: {
        label: 'Data folder',
        hint: 'Where SchulDesk keeps your drafts, the outbox and course content on this device. Set by school IT.',
      },
      updateMode: {
        label: 'Update mode',
        hint: 'How SchulDesk gets new versions.',
      },
      updateUrl: {
        label: 'Custom update server',
        hint: 'Address SchulDesk downloads updates from when the school runs its own server.',
      },
      updateChannel: {
        label: 'Update channel',
        hint: 'Released versions or pre-releases for testing.',
      },
      notifications: {
        label: 'Notifications',
        hint: 'System notices, for example when a submission was sent or a conference starts.',
      },
      deadlineNotifications: {
        label: 'Deadline reminders',
        hint: 'Reminds you of open assignments before their deadline. Works only while notifications are on.',
      },
      trustedCaCertificates: {
        label: 'Additional trusted certificate authorities',
        hint: 'Certificates SchulDesk trusts in addition, for example for a filter in the school network.',
      },
      maxDownloadMb: {
        label: 'Largest file to download',
        hint: 'SchulDesk does not download larger files but shows a notice instead.',
      },
    },
    choices: {
      language: { de: 'Deutsch', en: 'English' },
      screenSharingRoles: { moderator: 'Moderators', viewer: 'Participants' },
      recorderDetection: { off: 'Off', warn: 'Show a notice', leave: 'Leave the conference' },
      prefetch: { off: 'Only what was opened', assignments: 'Assignments with attachments', all: 'All course files (as space allows)' },
      updateMode: { auto: 'Automatic', notify: 'Only point out new versions', off: 'Off (school IT deploys updates)' },
      updateChannel: { latest: 'Released versions', beta: 'Pre-releases (beta)' },
    },
    updateStatus: {
      title: 'Version and updates',
      version: 'Installed version: {{version}}',
      unknown: 'The update status is not known right now.',
      available: 'SchulDesk {{version}} is available.',
      managed: 'Your school installs new versions on this device. You do not need to do anything.',
      notify: 'New versions are not installed automatically on this device. Your school tells you how to get them.',
      downloaded: 'SchulDesk {{version}} has been downloaded and will be installed when you quit.',
      checkedAt: 'Last checked: {{time}}',
      error: 'Last check failed: {{message}}',
    },
    policy: {
      title: 'Policy',
      intro: 'A policy is what school IT has set for this device.',
      sourcesTitle: 'Sources',
      noSources: 'No policy is configured on this device.',
      sourceKeys: 'Sets: {{keys}}',
      sourceNoKeys: 'Sets nothing.',
      kinds: {
        file: 'Policy file',
        'linux-managed': 'Policy folder (Linux)',
        'windows-registry': 'Windows registry',
        'macos-managed': 'macOS profile',
        other: 'Source ({{kind}})',
      },
      valuesTitle: 'Values set',
      noValues: 'The policy sets no value.',
      valueSetIn: 'Set in',
      problemsTitle: 'Problems',
      noProblems: 'No problems',
      problemKey: 'Key: {{key}}',
      problemsInGerman: 'The messages are in German, for school IT.',
    },
  },
  // Error texts come from the one catalog (main sends codes and parameters).
  errors: errorTexts('en'),
  outbox: outboxEn,
  conference: conferenceEn,
  sync: syncEn,
  content: contentEn,
  portal: portalEn,
  it: itEn,
};
