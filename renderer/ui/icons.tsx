/** Small line icons (decorative: always next to visible text, hidden from assistive technology). */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      {children}
    </svg>
  );
}

export const HomeIcon = () => (
  <Icon>
    <path d="M3 11 12 4l9 7" />
    <path d="M5 10v10h5v-6h4v6h5V10" />
  </Icon>
);

export const CoursesIcon = () => (
  <Icon>
    <path d="M4 5.5C6.5 4.5 9.5 4.5 12 6c2.5-1.5 5.5-1.5 8-.5V19c-2.5-1-5.5-1-8 .5-2.5-1.5-5.5-1.5-8-.5Z" />
    <path d="M12 6v13.5" />
  </Icon>
);

export const AssignmentsIcon = () => (
  <Icon>
    <rect x="5" y="4" width="14" height="17" rx="2" />
    <path d="M9 4.5V3h6v1.5" />
    <path d="m8.5 11 2 2 4-4" />
    <path d="M8.5 17h7" />
  </Icon>
);

export const ConferencesIcon = () => (
  <Icon>
    <rect x="3" y="6" width="13" height="12" rx="2" />
    <path d="m16 10 5-3v10l-5-3" />
  </Icon>
);

export const SettingsIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="3" />
    <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
  </Icon>
);

export const SchoolIcon = () => (
  <Icon>
    <path d="M3 9.5 12 5l9 4.5-9 4.5Z" />
    <path d="M7 11.5V16c3 2 7 2 10 0v-4.5" />
    <path d="M21 9.5V15" />
  </Icon>
);

export const OutboxIcon = () => (
  <Icon>
    <path d="M4 13h4l1.5 3h5L16 13h4" />
    <path d="M4 13 6 5h12l2 8v6H4Z" />
    <path d="M12 11V7m-2 2 2-2 2 2" />
  </Icon>
);
