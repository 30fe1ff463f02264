import type { assignmentsDe } from './assignments.de';

/** English texts of the assignments screen; included in en.ts under `aufgaben`. */
export const assignmentsEn: typeof assignmentsDe = {
  title: 'Assignments',
  emptyTitle: 'No assignments yet',
  emptyBody: 'Sign in to your school to see your assignments and deadlines.',
  noneSynced: 'No assignments are stored on this device yet. Sync as soon as you are online.',
  loading: 'Loading assignments …',
  listLabel: 'Assignments by due date',
  reminders: {
    title: 'Reminders',
    open: 'Open',
    dismiss: 'Dismiss',
  },
  groups: {
    overdue: 'Overdue',
    week: 'This week',
    later: 'Later',
    submitted: 'Submitted',
  },
  due: 'Due: {{time}}',
  noDue: 'No due date',
  cutoff: 'Last possible hand-in: {{time}}',
  hasDraft: 'Draft on this device',
  grade: 'Grade: {{grade}}',
  open: 'Open {{title}}',
  status: {
    new: 'Not started',
    draft: 'Draft in the portal',
    submitted: 'Submitted',
    reopened: 'Reopened',
    unknown: 'Status unknown',
    other: 'Status: {{status}}',
  },
  detail: {
    labels: { course: 'Course', due: 'Due', cutoff: 'Last possible hand-in', status: 'Status' },
    back: 'Back to the list',
    description: 'Task',
    noDescription: 'No description.',
    files: 'Materials for the assignment',
    feedback: 'Feedback',
    noFeedback: 'Not graded yet.',
    answer: 'Your submission',
    submittedNote: 'You have already submitted this assignment.',
    syncedAt: 'This assignment as of {{time}}',
    notFound: 'This assignment is not stored on this device.',
  },
};
